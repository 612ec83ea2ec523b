using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>Reconciles one WorkloadReplicaSet (key "namespace/name") into Workloads.</summary>
[Alias("wasmcloud.IWorkloadReplicaSetGrain")]
public interface IWorkloadReplicaSetGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task Upsert(WorkloadReplicaSet replicaSet);

    [Alias("Remove")] Task Remove();

    [Alias("ChildChanged"), OneWay] Task ChildChanged(Workload workload);

    [Alias("ChildRemoved"), OneWay] Task ChildRemoved(string workloadName);

    [Alias("GetState"), AlwaysInterleave] Task<ReconcilerSnapshot> GetState();
}
