using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>The API server of one mode, as the silo and the benchmark's "kubectl" see it.</summary>
internal interface IBenchmarkApi : IAsyncDisposable
{
    /// <summary>"Kubernetes (fake API server over HTTP)" or "standalone (in-memory store)".</summary>
    string Mode { get; }

    /// <summary>Where manifests are applied, as <c>kubectl apply</c> would.</summary>
    IResourceStore Client { get; }

    /// <summary>The store the grains write through, counting their calls.</summary>
    CountingResourceStore GrainStore { get; }

    /// <summary>What the feeder lists and watches.</summary>
    IResourceWatchSource FeederSource { get; }

    /// <summary>HTTP requests the API server has answered so far, by "verb plural"; empty without HTTP.</summary>
    IReadOnlyDictionary<string, int> Requests();

    /// <summary>How many WorkloadDeployments are Ready for their current generation with every replica ready.</summary>
    Task<int> CountReadyDeploymentsAsync(int replicas);
}
