using Wasmcloud.Grains.Abstractions.Model;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>One consistent-enough read of the objects the pages draw, with the ownership and placement lookups they need.</summary>
internal sealed class Inventory(
    IReadOnlyList<WorkloadDeployment> deployments,
    IReadOnlyList<WorkloadReplicaSet> replicaSets,
    IReadOnlyList<Workload> workloads,
    IReadOnlyList<Host> hosts)
{
    private readonly Dictionary<string, Host> _hostsById = hosts
        .Where(h => h.HostId.Length > 0)
        .GroupBy(h => h.HostId, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyList<WorkloadDeployment> Deployments { get; } = [.. deployments.OrderBy(d => d.Namespace).ThenBy(d => d.Name)];

    public IReadOnlyList<Host> Hosts { get; } = [.. hosts.OrderBy(h => h.Name)];

    public IReadOnlyList<Workload> Workloads { get; } = [.. workloads.OrderBy(w => w.Namespace).ThenBy(w => w.Name)];

    public IEnumerable<WorkloadReplicaSet> ReplicaSetsOf(WorkloadDeployment deployment) =>
        replicaSets.Where(r => IsOwnedBy(r, deployment)).OrderBy(r => r.Name);

    public IEnumerable<Workload> WorkloadsOf(WorkloadReplicaSet replicaSet) => Workloads.Where(w => IsOwnedBy(w, replicaSet));

    /// <summary>Workloads no ReplicaSet of ours owns (created directly): shown on their own so nothing is hidden.</summary>
    public IEnumerable<Workload> UnownedWorkloads => Workloads.Where(w => w.Metadata.ControllerOwner is not { Kind: "WorkloadReplicaSet" });

    public Host? HostOf(string? hostId) => hostId is not null && _hostsById.TryGetValue(hostId, out var host) ? host : null;

    public int WorkloadCountOn(Host host) => Workloads.Count(w => w.Status?.HostId == host.HostId);

    private static bool IsOwnedBy(KubeObject child, KubeObject owner) =>
        child.Namespace == owner.Namespace
        && child.Metadata.ControllerOwner is { } reference
        && reference.Name == owner.Name
        && (string.IsNullOrEmpty(reference.Uid) || owner.Metadata.Uid is null || reference.Uid == owner.Metadata.Uid);
}
