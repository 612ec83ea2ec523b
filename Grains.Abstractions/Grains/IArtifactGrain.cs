using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>Publishes one Artifact (key "namespace/name"): resolves its image into <c>status.artifactUrl</c>.</summary>
[Alias("wasmcloud.IArtifactGrain")]
public interface IArtifactGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task Upsert(Artifact artifact);

    [Alias("Remove")] Task Remove();

    [Alias("GetState"), AlwaysInterleave] Task<ReconcilerSnapshot> GetState();
}
