using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Silo.Kubernetes.LeaderElection;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

/// <summary>
/// Everything the silo does — reconciling deployments (with a ConfigMap and a Secret) to Ready on a real host and
/// deleting them, Artifacts, EndpointSlices for a Service, the status pages, dashboard and metrics, the leader Lease
/// and Orleans membership, removing the Host of a deleted host pod — works with no more than the chart's RBAC grants: the fake API server, enforcing the rendered Roles and
/// bindings, refuses nothing. Run once per RBAC shape of the chart (a ClusterRole, or a Role per watched namespace).
/// </summary>
public abstract class ChartRbacTests(ChartRbacFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deployment_in_each_namespace_becomes_ready_serves_gets_its_endpoint_slice_and_is_deleted_without_a_refused_call()
    {
        var hostObject = await HostObjectAsync(fixture.Host.HostId);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hostObject.HttpPort!.Value}/"), Timeout = TimeSpan.FromSeconds(10) };
        foreach (var ns in fixture.AppNamespaces)
        {
            await fixture.Store.CreateAsync(KubeKind.Stamp(new Service
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = ns },
                Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
            }), _ct);
            await fixture.Store.CreateAsync(KubeKind.Stamp(new ConfigMap { Metadata = new ObjectMeta { Name = "web-settings", Namespace = ns }, Data = new() { ["GREETING"] = "hi" } }), _ct);
            await fixture.Store.CreateAsync(KubeKind.Stamp(new Secret { Metadata = new ObjectMeta { Name = "web-credentials", Namespace = ns }, StringData = new() { ["TOKEN"] = "s3cret" } }), _ct);
            await fixture.Store.CreateAsync(KubeKind.Stamp(new Artifact { Metadata = new ObjectMeta { Name = "web-image", Namespace = ns }, Spec = new ArtifactSpec { Image = Fixtures.ImageOf(Fixtures.Hello) } }), _ct);
            await fixture.Store.CreateAsync(Deployment(ns, "web", service: "web", configFrom: "web-settings", secretFrom: "web-credentials"), _ct);
        }

        foreach (var ns in fixture.AppNamespaces)
        {
            await WaitReadyAsync(ns, "web");
            await Eventually.Until(
                () => fixture.Store.GetAsync<Artifact>(ns, "web-image", _ct),
                a => a?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true,
                $"artifact web-image in {ns} Ready");
            Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await GetAsync(http, $"web-{ns}.example"));
            Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await GetAsync(http, $"web.{ns}.svc.cluster.local"));
            await Eventually.Until(
                () => fixture.Store.GetAsync<EndpointSlice>(ns, ObjectNames.EndpointSliceName("web"), _ct),
                slice => slice?.Endpoints.Count == 1,
                $"the endpoint slice of web in {ns}");
        }

        // And gone again: finalizers released, the workload stopped, the slice deleted.
        foreach (var ns in fixture.AppNamespaces)
        {
            await fixture.Store.DeleteAsync<WorkloadDeployment>(ns, "web", _ct);
            await fixture.Store.DeleteAsync<Artifact>(ns, "web-image", _ct);
        }

        foreach (var ns in fixture.AppNamespaces)
        {
            await Eventually.Until(
                async () => !(await fixture.Store.ListAsync<Workload>(ns, cancellationToken: _ct)).Any(w => w.Metadata.ControllerOwner?.Name.StartsWith("web-", StringComparison.Ordinal) == true)
                    && await fixture.Store.GetAsync<WorkloadDeployment>(ns, "web", _ct) is null
                    && await fixture.Store.GetAsync<Artifact>(ns, "web-image", _ct) is null
                    && await fixture.Store.GetAsync<EndpointSlice>(ns, ObjectNames.EndpointSliceName("web"), _ct) is null,
                $"web in {ns} to be deleted with its workload and endpoint slice, and its artifact",
                ChartRbacFixture.StartTimeout);
            Assert.Equal(404, (await GetAsync(http, $"web-{ns}.example")).Status);
        }

        fixture.AssertNothingRefused();
    }

    [Fact]
    public async Task The_status_pages_dashboard_and_metrics_show_the_deployment_without_a_refused_call()
    {
        var ns = fixture.AppNamespaces[0];
        await fixture.Store.CreateAsync(Deployment(ns, "listed"), _ct);
        await WaitReadyAsync(ns, "listed");
        var workload = Assert.Single(await fixture.Store.ListAsync<Workload>(ns, cancellationToken: _ct), w => w.Metadata.ControllerOwner?.Name.StartsWith("listed", StringComparison.Ordinal) == true);

        var table = await OkAsync("/");
        Assert.Contains($"{ns}/listed ", table, StringComparison.Ordinal);
        Assert.Contains($"{fixture.OperatorNamespace}/", table, StringComparison.Ordinal);
        var objects = JsonNode.Parse(await OkAsync("api/objects"))!.AsArray();
        Assert.Superset(
            new HashSet<string> { "WorkloadDeployment", "WorkloadReplicaSet", "Workload", "Host" },
            objects.Select(o => o!["kind"]!.GetValue<string>()).ToHashSet());

        Assert.Equal(401, (await fixture.Silo.GetAsync("dashboard/", _ct)).Status);
        Assert.Contains("listed", await OkAsync("dashboard/", ChartRbacFixture.ViewerToken), StringComparison.Ordinal);
        Assert.Contains(fixture.Host.HostId, await OkAsync("dashboard/hosts", ChartRbacFixture.ViewerToken), StringComparison.Ordinal);
        Assert.Contains(workload.Name, await OkAsync($"dashboard/workloads/{ns}/{workload.Name}", ChartRbacFixture.ViewerToken), StringComparison.Ordinal);
        await OkAsync("dashboard/orleans/", ChartRbacFixture.ViewerToken);
        Assert.Contains("wasmcloud_operator_", await OkAsync("metrics", ChartRbacFixture.ViewerToken), StringComparison.Ordinal);

        fixture.AssertNothingRefused();
    }

    [Fact]
    public async Task One_silo_holds_and_renews_the_leader_lease_while_both_keep_their_membership_without_a_refused_call()
    {
        var leases = fixture.Client.CoordinationV1;
        var first = await leases.ReadNamespacedLeaseAsync(LeaseLeadershipOptions.DefaultLeaseName, fixture.OperatorNamespace, cancellationToken: _ct);
        Assert.Equal(ChartRbacFixture.SiloIdentity, first.Spec.HolderIdentity);
        await Eventually.Until(
            async () => (await leases.ReadNamespacedLeaseAsync(LeaseLeadershipOptions.DefaultLeaseName, fixture.OperatorNamespace, cancellationToken: _ct)).Spec.RenewTime > first.Spec.RenewTime,
            "the leader to renew its Lease");

        // Both silos are members of one Orleans cluster, recorded in the MembershipTable object.
        var tables = await fixture.Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(
            "orleans.wasmcloud.dev", "v1alpha1", fixture.OperatorNamespace, "membershiptables", cancellationToken: _ct);
        var members = Assert.Single(tables!["items"]!.AsArray())!["spec"]!["members"]!.AsArray();
        Assert.Superset(
            new HashSet<string> { ChartRbacFixture.SiloIdentity, ChartRbacFixture.FollowerIdentity },
            members.Select(m => m!["siloName"]!.GetValue<string>()).ToHashSet());
        Assert.True((await fixture.Follower.GetAsync("readyz", _ct)).IsOk, "the follower is ready to take over");

        fixture.AssertNothingRefused();
    }

    [Fact]
    public async Task A_deleted_host_pod_takes_its_host_with_it_without_a_refused_call()
    {
        const string podName = "doomed-host-0";
        await using (var doomed = await InProcessHostRuntime.StartAsync(
            fixture.NatsUrl, o => o with { HostGroup = "doomed", HostName = podName, HeartbeatInterval = TimeSpan.FromSeconds(1) }, cancellationToken: _ct))
        {
            var host = await HostObjectAsync(doomed.HostId);
            await fixture.Client.CoreV1.CreateNamespacedPodAsync(
                new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = podName, Labels = new Dictionary<string, string> { [WellKnown.HostPodLabel] = "doomed" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "host", Image = "ghcr.io/wasmcloud/wash:2" }] },
                },
                fixture.HostPodNamespace,
                cancellationToken: _ct);
            await fixture.Client.CoreV1.DeleteNamespacedPodAsync(podName, fixture.HostPodNamespace, cancellationToken: _ct);

            await Eventually.Until(
                async () => (await fixture.Store.ListAsync<KubeEvent>(fixture.OperatorNamespace, cancellationToken: _ct))
                    .Any(e => e.Reason == Reasons.HostPodDeleted && e.InvolvedObject.Name == host.Name),
                "a HostPodDeleted Event about the doomed host",
                ChartRbacFixture.StartTimeout);
        }

        fixture.AssertNothingRefused();
    }

    private async Task<Host> HostObjectAsync(string hostId) =>
        (await Eventually.Until(
            async () => (await fixture.Store.ListAsync<Host>(fixture.OperatorNamespace, cancellationToken: _ct)).FirstOrDefault(h => h.HostId == hostId),
            h => h?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true,
            $"host {hostId} to be Ready",
            ChartRbacFixture.StartTimeout))!;

    private async Task<string> OkAsync(string path, string? token = null)
    {
        var answer = await fixture.Silo.GetAsync(path, token, _ct);
        Assert.True(answer.IsOk, $"GET /{path}: {answer}{fixture.SiloLog()}");
        return answer.Body;
    }

    private async Task<HttpAnswer> GetAsync(HttpClient http, string hostHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = hostHeader;
        using var response = await http.SendAsync(request, _ct);
        return new HttpAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(_ct));
    }

    private static WorkloadDeployment Deployment(string ns, string name, string? service = null, string? configFrom = null, string? secretFrom = null) => KubeKind.Stamp(new WorkloadDeployment
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new WorkloadDeploymentSpec
        {
            Replicas = 1,
            Kubernetes = service is null ? null : new KubernetesSpec { Service = new NameReference { Name = service } },
            Template = new WorkloadTemplate
            {
                Spec = new WorkloadSpec
                {
                    HostSelector = new() { [WellKnown.HostGroupLabel] = ChartRbacFixture.HostGroup },
                    Components =
                    [
                        new WorkloadComponent
                        {
                            Name = name,
                            Image = Fixtures.ImageOf(Fixtures.Hello),
                            LocalResources = configFrom is null && secretFrom is null ? null : new LocalResources
                            {
                                Environment = new ConfigLayer
                                {
                                    ConfigFrom = configFrom is null ? null : [new NameReference { Name = configFrom }],
                                    SecretFrom = secretFrom is null ? null : [new NameReference { Name = secretFrom }],
                                },
                            },
                        },
                    ],
                    HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = $"{name}-{ns}.example" } }],
                },
            },
        },
    });

    private async Task WaitReadyAsync(string ns, string name)
    {
        try
        {
            await Eventually.Until(
                () => fixture.Store.GetAsync<WorkloadDeployment>(ns, name, _ct),
                d => d?.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } ready
                    && ready.ObservedGeneration == d.Metadata.Generation && d.Status.Replicas?.Ready == 1,
                $"deployment {ns}/{name} Ready",
                ChartRbacFixture.StartTimeout);
        }
        catch (TimeoutException e)
        {
            var denials = string.Join("\n", fixture.Authorizer.Denials.Distinct());
            throw new TimeoutException($"{e.Message}\nrefused calls:\n{denials}{fixture.SiloLog()}", e);
        }
    }
}
