using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Kubernetes;

public sealed class KubernetesOptionsValidator : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        var failures = new List<string>();
        if (options.Kubeconfig is { Length: > 0 } path && !File.Exists(path))
        {
            failures.Add($"Kubernetes:Kubeconfig '{path}' does not exist.");
        }

        // timeoutSeconds is whole seconds; anything shorter would ask the server for an unbounded watch.
        if (options.WatchTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add("Kubernetes:WatchTimeout must be at least one second.");
        }

        if (options.WatchIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add("Kubernetes:WatchIdleTimeout must be positive.");
        }

        if (options.ListPageSize < 0)
        {
            failures.Add("Kubernetes:ListPageSize must not be negative (0 lists in one response).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
