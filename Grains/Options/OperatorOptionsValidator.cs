using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wasmcloud.Grains.Options;

public sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = new List<string>();
        if (options.Namespace is not { Length: > 0 and <= 63 } ns || !Rfc1123Label().IsMatch(ns))
        {
            failures.Add($"Operator:Namespace '{options.Namespace}' is not a valid namespace name.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add("Operator:RetryBaseDelay must be positive and no larger than Operator:RetryMaxDelay.");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add("Operator:HeartbeatInterval must be positive.");
        }

        if (options.HostTtl <= options.MissedHeartbeatGrace)
        {
            failures.Add("Operator:HostTtl must be longer than two heartbeat intervals.");
        }

        foreach (var (key, value) in new[]
        {
            ("ReconcileInterval", options.ReconcileInterval),
            ("WorkloadReconcileInterval", options.WorkloadReconcileInterval),
            ("ArtifactReconcileInterval", options.ArtifactReconcileInterval),
        })
        {
            if (value < OperatorDefaults.MinimumReconcileInterval)
            {
                failures.Add($"Operator:{key} must be at least {OperatorDefaults.MinimumReconcileInterval} (it is a reminder period).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc1123Label();
}
