using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.State;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>One host (key: hostId). Fed by heartbeats; keeps the Host object and its readiness; evicts its workloads when it dies.</summary>
[Alias("wasmcloud.IHostGrain")]
public interface IHostGrain : IGrainWithStringKey
{
    [Alias("Heartbeat")] Task Heartbeat(HostHeartbeat heartbeat);

    /// <summary>The Host object as the API server holds it.</summary>
    [Alias("Upsert")] Task Upsert(Host host);

    /// <summary>The Host object is gone (deleted by a user, or by the host-pod fast path): evict at once.</summary>
    [Alias("Remove")] Task Remove();

    /// <summary>
    /// The host's pod is being deleted: evict at once, delete the Host object, and ignore the beats a terminating
    /// host may still send, so it cannot come back under the same id.
    /// </summary>
    /// <param name="pod">"namespace/name" of the pod, for the Event.</param>
    [Alias("PodDeleted")] Task PodDeleted(string pod);

    [Alias("GetState"), AlwaysInterleave] Task<ReconcilerSnapshot> GetState();
}
