using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>Places one Workload (key "namespace/name") on a host, starts it there, watches it and stops it on delete.</summary>
[Alias("wasmcloud.IWorkloadGrain")]
public interface IWorkloadGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task Upsert(Workload workload);

    [Alias("Remove")] Task Remove();

    /// <summary>
    /// The host this workload was placed on is gone or not ready: place it again at once. Interleaves, so it can
    /// cancel a start still waiting on that host instead of queueing behind it for the whole start timeout.
    /// </summary>
    [Alias("HostLost"), OneWay, AlwaysInterleave] Task HostLost(string hostId, string reason);

    /// <summary>A host that may fit appeared: if this workload is still waiting for one, try again now.</summary>
    [Alias("RetryPlacement"), OneWay] Task RetryPlacement();

    [Alias("GetState"), AlwaysInterleave] Task<ReconcilerSnapshot> GetState();
}
