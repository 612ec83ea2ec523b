using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Protocol;

namespace Wasmcloud.Silo.Ingress;

/// <summary>
/// The host names a Workload serves HTTP on, as its host's router registers them (reference §5.3): the <c>host</c>
/// and comma-separated <c>host-aliases</c> of its wasi:http entry (<c>incoming-handler</c> or p3 <c>handler</c>), plus
/// the four DNS names of its Service that placement adds to <c>incoming-handler</c> entries, normalised as the
/// router compares them (<see cref="HostNames.Normalize"/>).
/// </summary>
public static class WorkloadHostNames
{
    public static IReadOnlyList<string> Of(Workload workload)
    {
        var spec = workload.Spec;
        var entry = spec.HostInterfaces?.FirstOrDefault(i => i.Is("wasi", "http") && i.Interfaces.Any(n => n is "incoming-handler" or "handler"));
        if (entry?.Config is not { } config || !config.TryGetValue("host", out var host) || string.IsNullOrWhiteSpace(host))
        {
            return [];
        }

        var names = new List<string> { host };
        if (config.TryGetValue("host-aliases", out var aliases) && !string.IsNullOrWhiteSpace(aliases))
        {
            names.AddRange(aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (spec.ServiceName is { } service && entry.Interfaces.Contains("incoming-handler"))
        {
            var ns = workload.Namespace;
            names.AddRange([service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"]);
        }

        return [.. names.Select(HostNames.Normalize).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
