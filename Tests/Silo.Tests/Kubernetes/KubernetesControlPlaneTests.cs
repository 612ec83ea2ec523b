using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Naming;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>
/// The grains, the feeder and the Kubernetes adapters together against the fake API server, over HTTP with the real
/// client: what applying a WorkloadDeployment leaves in the API, and that lost watches, 410s and stale status writes
/// all converge.
/// </summary>
[Collection(KubernetesControlPlaneCollection.Name)]
public sealed class KubernetesControlPlaneTests(KubernetesControlPlaneFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();
    private readonly string _group = $"g-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Applying_a_deployment_yields_owned_replica_sets_and_workloads_with_current_statuses()
    {
        var hosts = await AddHostsAsync(2);
        var applied = await fixture.Store.CreateAsync(Deployment("hello", replicas: 2), _ct);

        var deployment = await WaitReadyAsync("hello", 2);

        var replicaSet = Assert.Single(await LiveReplicaSetsAsync());
        Assert.Equal(OwnerReference.ControllerOf(applied).Uid, replicaSet.Metadata.ControllerOwner?.Uid);
        Assert.Equal(("WorkloadDeployment", "hello", true), (replicaSet.Metadata.ControllerOwner!.Kind, replicaSet.Metadata.ControllerOwner.Name, replicaSet.Metadata.ControllerOwner.BlockOwnerDeletion == true));
        Assert.Equal("hello", replicaSet.Metadata.Label(WellKnown.WorkloadDeploymentLabel));
        Assert.Equal("hello", replicaSet.Metadata.Label("app"));
        Assert.Equal("yes", replicaSet.Metadata.Annotation("example.com/deployment-note"));
        Assert.Equal(replicaSet.Name, deployment.Status!.CurrentReplicaSet?.Name);
        AssertConditionsCurrent(replicaSet, replicaSet.Status?.Conditions, ConditionTypes.WorkloadReplicaSet);

        var workloads = await LiveWorkloadsAsync();
        Assert.Equal(2, workloads.Count);
        Assert.All(workloads, w =>
        {
            Assert.Equal(replicaSet.Metadata.Uid, w.Metadata.ControllerOwner?.Uid);
            Assert.Equal("WorkloadReplicaSet", w.Metadata.ControllerOwner?.Kind);
            Assert.Equal("web", w.Metadata.Label("tier"));
            Assert.Equal(ObjectNames.TemplateHash(replicaSet.Spec.Template.Spec), w.Metadata.Annotation(WellKnown.TemplateHashAnnotation));
            Assert.Null(w.Metadata.Annotation("example.com/template-note"));
            Assert.Contains(WellKnown.WorkloadFinalizer, w.Metadata.Finalizers!);
            Assert.Equal(w.Metadata.Uid, w.Status?.WorkloadId);
            Assert.Contains(w.Status?.HostId, hosts.Select(h => h.Id));
            AssertConditionsCurrent(w, w.Status?.Conditions, ConditionTypes.Workload);
        });

        AssertConditionsCurrent(deployment, deployment.Status.Conditions, ConditionTypes.WorkloadDeployment);
        Assert.Equal((2, 2), (deployment.Status.Replicas?.Ready, deployment.Status.CurrentReplicas));
        Assert.Equal("runtime.wasmcloud.dev/workload-deployment=hello", deployment.Status.Selector);

        var registered = await fixture.Store.ListAsync<Host>(fixture.Options.Namespace, new Dictionary<string, string> { [WellKnown.HostGroupLabel] = _group }, _ct);
        Assert.Equal(hosts.Select(h => h.Id).Order(), registered.Select(h => h.HostId).Order());
        Assert.All(registered, h => Assert.True(h.Status?.Conditions.IsTrue(ConditionTypes.Ready)));

        // Status went out as merge patches on the status subresource, each carrying the version it was based on.
        var statusWrites = fixture.Server.Requests.Where(r => r.Namespace == _ns && r.Subresource == "status").ToList();
        Assert.NotEmpty(statusWrites);
        Assert.All(statusWrites, r => Assert.Equal(("PATCH", "application/merge-patch+json"), (r.Method, r.ContentType?.Split(';')[0])));
    }

    [Fact]
    public async Task Scaling_through_the_scale_subresource_reaches_the_workloads()
    {
        await AddHostsAsync(3);
        await fixture.Store.CreateAsync(Deployment("scaled", replicas: 1), _ct);
        await WaitReadyAsync("scaled", 1);

        // What an HPA does: write spec.replicas through /scale, read current replicas and the selector back.
        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), WellKnown.Group, WellKnown.Version, _ns, "workloaddeployments", "scaled", cancellationToken: _ct);
        await WaitReadyAsync("scaled", 3);

        var scale = JsonSerializer.SerializeToNode(await fixture.Client.CustomObjects.GetNamespacedCustomObjectScaleAsync(WellKnown.Group, WellKnown.Version, _ns, "workloaddeployments", "scaled", _ct))!;
        Assert.Equal((3, 3), (scale["spec"]!["replicas"]!.GetValue<int>(), scale["status"]!["replicas"]!.GetValue<int>()));
        Assert.Equal("runtime.wasmcloud.dev/workload-deployment=scaled", scale["status"]!["selector"]!.GetValue<string>());
        Assert.Equal(3, (await LiveWorkloadsAsync()).Count);
    }

    [Fact]
    public async Task Dropped_watches_converge_with_nothing_lost_or_duplicated()
    {
        await AddHostsAsync(3);
        await fixture.Store.CreateAsync(Deployment("dropped", replicas: 1), _ct);
        await WaitReadyAsync("dropped", 1);

        // Cut every watch, and change the deployment before the feeder is back.
        fixture.Server.Faults.BeforeNext(r => r.Verb == "watch" && r.Plural == "workloaddeployments", store => SetReplicas(store, "dropped", 3));
        fixture.Server.Faults.DropWatches(abort: true);

        await WaitReadyAsync("dropped", 3);
        Assert.Single(await LiveReplicaSetsAsync());
        var workloads = await LiveWorkloadsAsync();
        Assert.Equal(3, workloads.Count);
        Assert.Equal(3, workloads.Select(w => w.Status?.HostId).Distinct().Count());
    }

    [Fact]
    public async Task A_410_relists_and_converges_with_nothing_lost_or_duplicated()
    {
        await AddHostsAsync(2);
        await fixture.Store.CreateAsync(Deployment("expired", replicas: 2), _ct);
        await fixture.Store.CreateAsync(Deployment("doomed", replicas: 1), _ct);
        await WaitReadyAsync("expired", 2);
        await WaitReadyAsync("doomed", 1);

        // While the feeder is away: one deployment shrinks, one disappears, and the history it would resume from is gone.
        fixture.Server.Faults.BeforeNext(r => r.Verb == "watch" && r.Plural == "workloaddeployments", store =>
        {
            SetReplicas(store, "expired", 1);
            store.Delete(Deployments(store), _ns, "doomed", "Background", null);
            store.ExpireHistory();
        });
        fixture.Server.Faults.DropWatches();

        await WaitReadyAsync("expired", 1);
        await Eventually.Until(async () => (await LiveWorkloadsAsync()).Count == 1 && (await LiveReplicaSetsAsync()).Count == 1, "the doomed deployment's children to go");
        Assert.Equal("expired", Assert.Single(await LiveReplicaSetsAsync()).Metadata.Label(WellKnown.WorkloadDeploymentLabel));
        Assert.Contains(fixture.Server.Requests, r => r.Verb == "list" && r.Plural == "workloaddeployments" && r.Namespace is null);
    }

    [Fact]
    public async Task A_stale_status_write_is_retried_from_a_fresh_read()
    {
        await AddHostsAsync(1);
        var conflicts = 0;
        // Someone else writes the deployment between the grain's read and its first status write.
        fixture.Server.Faults.BeforeNext(
            r => r.Verb == "patch" && r.Subresource == "status" && r.Plural == "workloaddeployments" && r.Namespace == _ns,
            store =>
            {
                conflicts++;
                var resource = Deployments(store);
                var current = store.Get(resource, _ns, "contested");
                current["metadata"]!["annotations"] = new JsonObject { ["example.com/touched-by"] = "someone-else" };
                store.Put(resource, current);
            });

        await fixture.Store.CreateAsync(Deployment("contested", replicas: 1), _ct);
        var deployment = await WaitReadyAsync("contested", 1);

        Assert.Equal(1, conflicts);
        Assert.Equal("someone-else", deployment.Metadata.Annotation("example.com/touched-by"));
        var writes = fixture.Server.Requests.Where(r => r.Subresource == "status" && r.Plural == "workloaddeployments" && r.Name == "contested" && r.Namespace == _ns).ToList();
        Assert.Equal(409, writes[0].Status);
        Assert.Equal(200, writes[1].Status);
    }

    [Fact]
    public async Task Deleting_a_deployment_takes_its_children_after_the_workloads_are_stopped()
    {
        var hosts = await AddHostsAsync(1);
        await fixture.Store.CreateAsync(Deployment("gone", replicas: 1), _ct);
        await WaitReadyAsync("gone", 1);
        var workload = Assert.Single(await LiveWorkloadsAsync());

        await fixture.Store.DeleteAsync<WorkloadDeployment>(_ns, "gone", _ct);

        await Eventually.Until(async () => (await fixture.Store.ListAsync<Workload>(_ns, cancellationToken: _ct)).Count == 0, "the workload to be stopped and released");
        Assert.Empty(await fixture.Store.ListAsync<WorkloadReplicaSet>(_ns, cancellationToken: _ct));
        Assert.DoesNotContain(workload.Metadata.Uid!, hosts[0].Workloads.Keys);
    }

    [Fact]
    public async Task Invalid_deployments_get_a_false_condition_and_a_warning_event_while_valid_ones_keep_reconciling()
    {
        await AddHostsAsync(1);
        var unknownPolicy = Deployment("unknown-policy", replicas: 1);
        unknownPolicy.Spec.DeployPolicy = "Sometimes";
        var duplicateInterfaces = Deployment("duplicate-interfaces", replicas: 1);
        duplicateInterfaces.Spec.Template.Spec.HostInterfaces!.Add(ModelJson.Clone(duplicateInterfaces.Spec.Template.Spec.HostInterfaces[0]));
        var noComponents = Deployment("no-components", replicas: 1);
        noComponents.Spec.Template.Spec.Components = [];

        // Schema admission lets all three through (the checks are CEL rules or none at all), so the grains judge them.
        foreach (var invalid in new[] { unknownPolicy, duplicateInterfaces, noComponents })
        {
            await fixture.Store.CreateAsync(invalid, _ct);
        }

        await fixture.Store.CreateAsync(Deployment("valid", replicas: 1), _ct);

        var expected = new Dictionary<string, string>
        {
            ["unknown-policy"] = "spec.deployPolicy \"Sometimes\" is not one of RollingUpdate, Recreate",
            ["duplicate-interfaces"] = "spec.hostInterfaces[1]: duplicate entry wasi:http",
            ["no-components"] = "spec.components: at least one component (or a service) is required",
        };
        foreach (var (name, message) in expected)
        {
            var deployment = await Eventually.Until(
                () => fixture.Store.GetAsync<WorkloadDeployment>(_ns, name, _ct),
                d => d?.Status?.Conditions.Find(ConditionTypes.Ready)?.Reason == Reasons.InvalidSpec,
                $"deployment {name} to be judged invalid");
            var ready = deployment.Status!.Conditions.Find(ConditionTypes.Ready)!;
            Assert.Equal((ConditionStatus.False, deployment.Metadata.Generation), (ready.Status, ready.ObservedGeneration));
            Assert.Contains(message, ready.Message, StringComparison.Ordinal);

            // What `kubectl describe` shows: a Warning Event about this deployment, read back from the API server.
            var warning = await Eventually.Until(
                async () => (await fixture.Store.ListAsync<KubeEvent>(_ns, cancellationToken: _ct))
                    .FirstOrDefault(e => e.InvolvedObject.Name == name && e.Reason == Reasons.InvalidSpec),
                e => e is not null,
                $"a Warning Event about {name}");
            Assert.Equal((EventTypes.Warning, "WorkloadDeployment", deployment.Metadata.Uid), (warning!.Type, warning.InvolvedObject.Kind, warning.InvolvedObject.Uid));
            Assert.Contains(message, warning.Message, StringComparison.Ordinal);
        }

        await WaitReadyAsync("valid", 1);
        Assert.Single(await LiveWorkloadsAsync());
        Assert.Equal(["valid"], (await LiveReplicaSetsAsync()).Select(r => r.Metadata.Label(WellKnown.WorkloadDeploymentLabel)));
    }

    [Fact]
    public async Task The_endpoint_slice_lists_the_hosts_of_ready_replicas_and_goes_when_none_is_ready()
    {
        var hosts = await AddHostsAsync(3);
        await fixture.Store.CreateAsync(KubeKind.Stamp(new Service
        {
            Metadata = new ObjectMeta { Name = "sliced", Namespace = _ns },
            Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
        }), _ct);
        var deployment = Deployment("sliced", replicas: 3);
        deployment.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "sliced" } };
        await fixture.Store.CreateAsync(deployment, _ct);
        await WaitReadyAsync("sliced", 3);

        var slice = await WaitSliceAsync("sliced", 3);
        Assert.Equal(hosts.Select(h => h.Hostname).Order(StringComparer.Ordinal), slice.Endpoints.Select(e => Assert.Single(e.Addresses)));
        Assert.Equal(("http", 9191), (Assert.Single(slice.Ports).Name, slice.Ports[0].Port));
        Assert.Equal("sliced", slice.Metadata.Label(WellKnown.ServiceNameLabel));

        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), WellKnown.Group, WellKnown.Version, _ns, "workloaddeployments", "sliced", cancellationToken: _ct);
        await WaitReadyAsync("sliced", 1);
        slice = await WaitSliceAsync("sliced", 1);
        var remaining = Assert.Single(await LiveWorkloadsAsync());
        Assert.Equal(hosts.Single(h => h.Id == remaining.Status!.HostId).Hostname, Assert.Single(Assert.Single(slice.Endpoints).Addresses));

        // No replica at all: no Ready endpoint, so no slice.
        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), WellKnown.Group, WellKnown.Version, _ns, "workloaddeployments", "sliced", cancellationToken: _ct);
        await Eventually.Until(
            async () => await fixture.Store.GetAsync<EndpointSlice>(_ns, ObjectNames.EndpointSliceName("sliced"), _ct) is null,
            "the endpoint slice to be deleted once no replica is Ready");
        await Eventually.Until(async () => (await LiveWorkloadsAsync()).Count == 0, "the last workload to go");
    }

    private Task<EndpointSlice> WaitSliceAsync(string service, int endpoints) =>
        Eventually.Until(
            () => fixture.Store.GetAsync<EndpointSlice>(_ns, ObjectNames.EndpointSliceName(service), _ct),
            s => s?.Endpoints.Count == endpoints,
            $"the endpoint slice of {service} with {endpoints} endpoint(s)");

    private static void AssertConditionsCurrent(KubeObject obj, List<Condition>? conditions, IReadOnlyList<string> expectedTypes)
    {
        Assert.NotNull(conditions);
        Assert.Equal(expectedTypes, conditions.Select(c => c.Type).Where(expectedTypes.Contains).ToList());
        Assert.All(conditions, c => Assert.Equal((c.Type, obj.Metadata.Generation), (c.Type, c.ObservedGeneration)));
        Assert.All(conditions, c => Assert.Equal((c.Type, ConditionStatus.True), (c.Type, c.Status)));
    }

    private async Task<IReadOnlyList<TestInfrastructure.Simulation.SimulatedHost>> AddHostsAsync(int count)
    {
        var hosts = Enumerable.Range(0, count)
            .Select(_ => fixture.Fleet.Add(new Dictionary<string, string> { [WellKnown.HostGroupLabel] = _group }))
            .ToList();
        await fixture.Fleet.BeatAsync(fixture.Grains, hosts);
        var scheduler = fixture.Grains.GetGrain<ISchedulerGrain>(fixture.Options.Namespace);
        await Eventually.Until(
            async () => (await scheduler.GetState()).Hosts.Count(h => h.Ready && hosts.Any(x => x.Id == h.HostId)) == hosts.Count,
            "the new hosts to be registered with the scheduler");
        return hosts;
    }

    private WorkloadDeployment Deployment(string name, int replicas) => KubeKind.Stamp(new WorkloadDeployment
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = _ns,
            Labels = new() { ["app"] = name },
            Annotations = new() { ["example.com/deployment-note"] = "yes" },
        },
        Spec = new WorkloadDeploymentSpec
        {
            Replicas = replicas,
            Template = new WorkloadTemplate
            {
                Labels = new() { ["tier"] = "web" },
                Annotations = new() { ["example.com/template-note"] = "not copied to workloads" },
                Spec = new WorkloadSpec
                {
                    HostSelector = new() { [WellKnown.HostGroupLabel] = _group },
                    Components = [new WorkloadComponent { Name = "hello", Image = "ghcr.io/wasmcloud/components/hello-world:0.1.0" }],
                    HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = $"{name}.example" } }],
                },
            },
        },
    });

    private Task<WorkloadDeployment> WaitReadyAsync(string name, int replicas) =>
        Eventually.Until(
            () => fixture.Store.GetAsync<WorkloadDeployment>(_ns, name, _ct),
            d => d?.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } ready
                && ready.ObservedGeneration == d.Metadata.Generation
                && d.Status.Replicas?.Ready == replicas && d.Status.CurrentReplicas == replicas && d.Status.PreviousReplicaSet is null,
            $"deployment {name} Ready with {replicas} ready replicas");

    private async Task<IReadOnlyList<Workload>> LiveWorkloadsAsync() =>
        [.. (await fixture.Store.ListAsync<Workload>(_ns, cancellationToken: _ct)).Where(w => !w.IsBeingDeleted)];

    private async Task<IReadOnlyList<WorkloadReplicaSet>> LiveReplicaSetsAsync() =>
        [.. (await fixture.Store.ListAsync<WorkloadReplicaSet>(_ns, cancellationToken: _ct)).Where(r => !r.IsBeingDeleted)];

    private static FakeApiServerResource Deployments(FakeApiServerStore store) =>
        store.Resource(WellKnown.Group, WellKnown.Version, "workloaddeployments", namespaced: true);

    private void SetReplicas(FakeApiServerStore store, string name, int replicas)
    {
        var resource = Deployments(store);
        var current = store.Get(resource, _ns, name);
        current["spec"]!["replicas"] = replicas;
        current["metadata"]!["generation"] = current["metadata"]!["generation"]!.GetValue<long>() + 1;
        store.Put(resource, current);
    }
}
