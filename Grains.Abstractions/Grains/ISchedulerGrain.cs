using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Scheduling;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>
/// The host inventory and placement decisions (key: the operator namespace). It never calls other grains, so it
/// can be called from any of them without a cycle.
/// </summary>
[Alias("wasmcloud.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithStringKey
{
    [Alias("Place")] Task<PlacementDecision> Place(PlacementRequest request);

    /// <summary>The workload no longer occupies its host (stopped, deleted or moving).</summary>
    [Alias("Release")] Task Release(string workloadKey);

    /// <summary>Adds or refreshes a host; returns the keys of waiting workloads it may now be able to take.</summary>
    [Alias("UpdateHost")] Task<IReadOnlyList<string>> UpdateHost(HostInventoryEntry host);

    /// <summary>Forgets a host and returns the keys of the workloads that were placed on it.</summary>
    [Alias("RemoveHost")] Task<IReadOnlyList<string>> RemoveHost(string hostId);

    [Alias("GetState"), AlwaysInterleave] Task<SchedulerSnapshot> GetState();
}
