using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Clustering;

public sealed partial class KubernetesClusteringOptionsValidator : IValidateOptions<KubernetesClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesClusteringOptions options)
    {
        var failures = new List<string>();
        if (options.Namespace is { } ns && !NamespacePattern().IsMatch(ns))
        {
            failures.Add($"Clustering:Namespace '{ns}' is not a valid namespace name (lowercase letters, digits and '-', at most 63).");
        }

        if (options.ServiceId is { } serviceId && string.IsNullOrWhiteSpace(serviceId))
        {
            failures.Add("Clustering:ServiceId must not be blank when set.");
        }

        if (options.ClusterId is { } clusterId && string.IsNullOrWhiteSpace(clusterId))
        {
            failures.Add("Clustering:ClusterId must not be blank when set.");
        }

        if (options.MaxWriteAttempts < 1)
        {
            failures.Add("Clustering:MaxWriteAttempts must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespacePattern();
}
