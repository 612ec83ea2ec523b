using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>Standalone mode: the in-memory store is the API, the feeder's source and the grains' store.</summary>
internal sealed class StandaloneApi : IBenchmarkApi
{
    private readonly InMemoryResourceStore _store = new(TimeProvider.System);

    public StandaloneApi() => GrainStore = new CountingFilteringResourceStore(_store);

    public string Mode => "standalone (in-memory store)";

    public IResourceStore Client => _store;

    public CountingResourceStore GrainStore { get; }

    public IResourceWatchSource FeederSource => _store;

    public IReadOnlyDictionary<string, int> Requests() => new Dictionary<string, int>();

    public async Task<int> CountReadyDeploymentsAsync(int replicas) =>
        (await _store.ListAsync<WorkloadDeployment>(null)).Count(d => IsReady(d, replicas));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static bool IsReady(WorkloadDeployment deployment, int replicas) =>
        deployment.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } ready
        && ready.ObservedGeneration == deployment.Metadata.Generation
        && deployment.Status.Replicas?.Ready == replicas;
}
