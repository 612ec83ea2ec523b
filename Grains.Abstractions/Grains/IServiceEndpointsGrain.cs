using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>Keeps the EndpointSlice of one Service (key "namespace/service") on the hosts running its Ready replicas.</summary>
[Alias("wasmcloud.IServiceEndpointsGrain")]
public interface IServiceEndpointsGrain : IGrainWithStringKey
{
    [Alias("WorkloadChanged"), OneWay] Task WorkloadChanged(Workload workload);

    [Alias("WorkloadRemoved"), OneWay] Task WorkloadRemoved(string workloadName);

    /// <summary>The Service itself, or a host, changed: recompute.</summary>
    [Alias("Refresh"), OneWay] Task Refresh();

    [Alias("GetState"), AlwaysInterleave] Task<ReconcilerSnapshot> GetState();
}
