using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>Reconciles one WorkloadDeployment (key "namespace/name") into WorkloadReplicaSets.</summary>
[Alias("wasmcloud.IWorkloadDeploymentGrain")]
public interface IWorkloadDeploymentGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task Upsert(WorkloadDeployment deployment);

    [Alias("Remove")] Task Remove();

    [Alias("ChildChanged"), OneWay] Task ChildChanged(WorkloadReplicaSet replicaSet);

    [Alias("ChildRemoved"), OneWay] Task ChildRemoved(string replicaSetName);

    [Alias("GetState"), AlwaysInterleave] Task<ReconcilerSnapshot> GetState();
}
