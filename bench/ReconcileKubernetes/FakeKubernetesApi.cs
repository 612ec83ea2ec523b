using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>
/// Kubernetes mode: the fake API server on a loopback port with the generated CRDs; the silo's store and watch source
/// are the Kubernetes adapters on their own KubernetesClient, and manifests are applied through another client.
/// </summary>
internal sealed class FakeKubernetesApi : IBenchmarkApi
{
    private readonly FakeApiServer _server;
    private readonly IKubernetes _siloClient;
    private readonly IKubernetes _applyClient;
    private readonly FakeApiServerResource _deployments;

    private FakeKubernetesApi(FakeApiServer server)
    {
        _server = server;
        _siloClient = server.CreateClient();
        _applyClient = server.CreateClient();
        Client = new KubernetesResourceStore(_applyClient, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);
        GrainStore = new CountingResourceStore(new KubernetesResourceStore(_siloClient, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance));
        FeederSource = new KubernetesWatchSource(
            _siloClient, Options.Create(new KubernetesOptions()), NullLogger<KubernetesWatchSource>.Instance);
        _deployments = server.Store.Resource(WellKnown.Group, WellKnown.Version, "workloaddeployments", namespaced: true);
    }

    public string Mode => "Kubernetes (fake API server over HTTP)";

    public IResourceStore Client { get; }

    public CountingResourceStore GrainStore { get; }

    public IResourceWatchSource FeederSource { get; }

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        // The API server's own default bookmark interval is about a minute; a second keeps the fake honest without noise.
        var server = await FakeApiServer.StartAsync(TimeSpan.FromSeconds(1));
        server.InstallWasmcloudCrds();
        return new FakeKubernetesApi(server);
    }

    public IReadOnlyDictionary<string, int> Requests() =>
        _server.Requests.GroupBy(r => $"{r.Verb} {r.Plural}{(r.Subresource is null ? "" : "/" + r.Subresource)}").ToDictionary(g => g.Key, g => g.Count());

    public Task<int> CountReadyDeploymentsAsync(int replicas)
    {
        // Read in process from the server's store: polling over HTTP would add requests to the count being measured.
        var (items, _) = _server.Store.List(_deployments, null, FakeApiServerSelector.Everything);
        return Task.FromResult(items.Count(d => IsReadySafely(d, replicas)));
    }

    public async ValueTask DisposeAsync()
    {
        _siloClient.Dispose();
        _applyClient.Dispose();
        await _server.DisposeAsync();
    }

    private static bool IsReadySafely(JsonObject deployment, int replicas)
    {
        try
        {
            return IsReady(deployment, replicas);
        }
        catch (InvalidOperationException)
        {
            // The server's handlers may be materialising the same node right now; the next poll reads it again.
            return false;
        }
    }

    private static bool IsReady(JsonObject deployment, int replicas)
    {
        var generation = deployment["metadata"]?["generation"]?.GetValue<long>();
        var status = deployment["status"];
        var ready = status?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == ConditionTypes.Ready);
        return ready?["status"]?.GetValue<string>() == ConditionStatus.True
            && ready["observedGeneration"]?.GetValue<long>() == generation
            && status?["replicas"]?["ready"]?.GetValue<int>() == replicas;
    }
}
