using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>
/// A workload that names a Service, end to end in Kubernetes mode: the built silo against the fake API server, a real
/// nats-server, and a real host running a real component. The EndpointSlice follows the Ready replicas, and the host
/// answers on every DNS name of the Service.
/// </summary>
[Collection(KubernetesProcessCollection.Name)]
public sealed class ServiceRoutingTests
{
    private const string OperatorNamespace = "wasmcloud-system";
    private const string AppNamespace = "apps";
    private const string HostGroup = "routing";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_endpoint_slice_follows_ready_replicas_and_the_host_answers_on_all_four_service_names()
    {
        await using var server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        server.InstallWasmcloudCrds();
        await using var nats = new NatsServerFixture();
        await nats.InitializeAsync();
        using var client = server.CreateClient();
        var store = new KubernetesResourceStore(client, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);

        await using var silo = KubernetesSiloProcess.Start(
            server, nats.ClientUrl, OperatorNamespace, "silo-0", ["--Operator:HeartbeatInterval", "00:00:01", "--Operator:HealthCheckPeriod", "00:00:00.200"]);
        await silo.WaitReadyAsync(StartTimeout, _ct);
        var host = await InProcessHostRuntime.StartAsync(
            nats.ClientUrl, o => o with { HostGroup = HostGroup, HeartbeatInterval = TimeSpan.FromSeconds(1) }, cancellationToken: _ct);
        var hostStopped = false;
        try
        {
            var hostObject = await Eventually.Until(
                async () => (await store.ListAsync<Host>(OperatorNamespace, cancellationToken: _ct)).FirstOrDefault(h => h.HostId == host.HostId),
                h => h?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true,
                "the host's Host object to be Ready",
                StartTimeout);
            var hostPort = (int)hostObject!.HttpPort!.Value;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hostPort}/"), Timeout = TimeSpan.FromSeconds(10) };

            await store.CreateAsync(KubeKind.Stamp(new Service
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = AppNamespace },
                Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
            }), _ct);
            await store.CreateAsync(Deployment("web", replicas: 1), _ct);

            await WaitReadyAsync(store, "web", 1);
            var slice = await WaitSliceAsync(store, "an endpoint slice with the host's address");
            Assert.Equal("127.0.0.1", Assert.Single(Assert.Single(slice.Endpoints).Addresses));
            Assert.Equal(("http", hostPort, "TCP"), (Assert.Single(slice.Ports).Name, Assert.Single(slice.Ports).Port, Assert.Single(slice.Ports).Protocol));
            Assert.Equal("web", slice.Metadata.Label(WellKnown.ServiceNameLabel));
            Assert.Equal(("Service", "web"), (Assert.Single(slice.Metadata.OwnerReferences!).Kind, slice.Metadata.OwnerReferences![0].Name));

            // The names a pod in the cluster resolves the Service by, plus the deployment's own host name.
            string[] names = ["web", $"web.{AppNamespace}", $"web.{AppNamespace}.svc", $"web.{AppNamespace}.svc.cluster.local", "web.example"];
            foreach (var name in names)
            {
                Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await GetAsync(http, name));
            }

            // No Ready replica: the slice goes, and the host stops answering for the Service.
            await ScaleAsync(store, "web", 0);
            await Eventually.Until(async () => await store.GetAsync<EndpointSlice>(AppNamespace, ObjectNames.EndpointSliceName("web"), _ct) is null, "the endpoint slice to be deleted");
            await Eventually.Until(async () => (await GetAsync(http, $"web.{AppNamespace}.svc.cluster.local")).Status == 404, "the host to stop serving the Service");

            // A Ready replica again: the slice comes back and every name answers.
            await ScaleAsync(store, "web", 1);
            await WaitReadyAsync(store, "web", 1);
            slice = await WaitSliceAsync(store, "the endpoint slice to come back");
            Assert.Equal("127.0.0.1", Assert.Single(Assert.Single(slice.Endpoints).Addresses));
            foreach (var name in names)
            {
                Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await GetAsync(http, name));
            }

            // The only host goes away: its replica is no longer Ready anywhere, so the slice goes again.
            await host.DisposeAsync();
            hostStopped = true;
            await Eventually.Until(
                async () => await store.GetAsync<EndpointSlice>(AppNamespace, ObjectNames.EndpointSliceName("web"), _ct) is null,
                "the endpoint slice to be deleted once the host is gone");
            var workload = Assert.Single(await store.ListAsync<Workload>(AppNamespace, cancellationToken: _ct), w => !w.IsBeingDeleted);
            Assert.NotEqual(ConditionStatus.True, workload.Status?.Conditions.Find(ConditionTypes.Ready)?.Status);
        }
        finally
        {
            if (!hostStopped)
            {
                await host.DisposeAsync();
            }
        }
    }

    private async Task<HttpAnswer> GetAsync(HttpClient http, string hostHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = hostHeader;
        using var response = await http.SendAsync(request, _ct);
        return new HttpAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(_ct));
    }

    private static WorkloadDeployment Deployment(string name, int replicas) => KubeKind.Stamp(new WorkloadDeployment
    {
        Metadata = new ObjectMeta { Name = name, Namespace = AppNamespace },
        Spec = new WorkloadDeploymentSpec
        {
            Replicas = replicas,
            Kubernetes = new KubernetesSpec { Service = new NameReference { Name = name } },
            Template = new WorkloadTemplate
            {
                Spec = new WorkloadSpec
                {
                    HostSelector = new() { [WellKnown.HostGroupLabel] = HostGroup },
                    Components = [new WorkloadComponent { Name = name, Image = Fixtures.ImageOf(Fixtures.Hello) }],
                    HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = $"{name}.example" } }],
                },
            },
        },
    });

    // As kubectl scale does: the operator writes the object too (finalizer), so a plain read-then-update may meet a 409.
    private Task ScaleAsync(KubernetesResourceStore store, string name, int replicas) =>
        store.MutateAsync<WorkloadDeployment>(AppNamespace, name, deployment =>
        {
            deployment.Spec.Replicas = replicas;
            return true;
        }, status: false, _ct);

    private Task<WorkloadDeployment> WaitReadyAsync(KubernetesResourceStore store, string name, int replicas) =>
        Eventually.Until(
            () => store.GetAsync<WorkloadDeployment>(AppNamespace, name, _ct),
            d => d?.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } ready
                && ready.ObservedGeneration == d.Metadata.Generation && d.Status.Replicas?.Ready == replicas,
            $"deployment {name} Ready with {replicas} replica(s)",
            StartTimeout);

    private Task<EndpointSlice> WaitSliceAsync(KubernetesResourceStore store, string what) =>
        Eventually.Until(() => store.GetAsync<EndpointSlice>(AppNamespace, ObjectNames.EndpointSliceName("web"), _ct), s => s?.Endpoints.Count == 1, what);
}
