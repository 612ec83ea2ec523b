using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Kubernetes.HostPods;

public sealed class HostPodOptionsValidator : IValidateOptions<HostPodOptions>
{
    public ValidateOptionsResult Validate(string? name, HostPodOptions options)
    {
        var bad = options.Namespaces.Where(ns => string.IsNullOrWhiteSpace(ns) || ns.Length > 63 || !ns.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            .ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"HostPods:Namespaces holds names that are not Kubernetes namespace names: {string.Join(", ", bad.Select(n => $"'{n}'"))}");
    }
}
