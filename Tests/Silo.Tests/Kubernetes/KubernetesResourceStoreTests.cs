using k8s.Autorest;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>The store's contract (the one <c>InMemoryResourceStore</c> keeps) through the real client against the fake API server.</summary>
public sealed class KubernetesResourceStoreTests : IClassFixture<KubernetesAdapterFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly KubernetesAdapterFixture _fixture;
    private readonly IResourceStore _store;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();

    public KubernetesResourceStoreTests(KubernetesAdapterFixture fixture)
    {
        _fixture = fixture;
        _store = fixture.Store;
    }

    [Fact]
    public async Task Create_fills_server_fields_and_ignores_what_the_server_owns()
    {
        var deployment = TestObjects.Deployment("web", @namespace: _ns);
        deployment.Metadata.ResourceVersion = "42";
        deployment.Metadata.Uid = "not-mine";
        deployment.Status = new WorkloadDeploymentStatus { CurrentReplicas = 3 };

        var created = await _store.CreateAsync(deployment, _ct);

        Assert.Equal((WellKnown.ApiVersion, "WorkloadDeployment", _ns), (created.ApiVersion, created.Kind, created.Namespace));
        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.NotEqual("42", created.Metadata.ResourceVersion);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Null(created.Status);
        Assert.Equal(DeployPolicies.RollingUpdate, created.Spec.DeployPolicy);
        Assert.Equal("web", (await _store.GetAsync<WorkloadDeployment>(_ns, "web", _ct))?.Name);
    }

    [Fact]
    public async Task Missing_objects_are_null_on_get_not_found_on_update_and_nothing_on_delete()
    {
        Assert.Null(await _store.GetAsync<Workload>(_ns, "nope", _ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _store.UpdateAsync(TestObjects.Workload("nope", @namespace: _ns), _ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _store.UpdateStatusAsync(TestObjects.Workload("nope", @namespace: _ns), _ct));
        await _store.DeleteAsync<Workload>(_ns, "nope", _ct);
    }

    [Fact]
    public async Task A_taken_name_and_a_stale_version_are_conflicts_and_MutateAsync_retries_them()
    {
        var first = await _store.CreateAsync(TestObjects.Workload("w", @namespace: _ns), _ct);
        await Assert.ThrowsAsync<ResourceConflictException>(() => _store.CreateAsync(TestObjects.Workload("w", @namespace: _ns), _ct));

        first.Metadata.Labels = new() { ["v"] = "1" };
        await _store.UpdateAsync(first, _ct);
        first.Metadata.Labels = new() { ["v"] = "2" };
        await Assert.ThrowsAsync<ResourceConflictException>(() => _store.UpdateAsync(first, _ct));
        first.Status = new WorkloadStatus { HostId = "h" };
        await Assert.ThrowsAsync<ResourceConflictException>(() => _store.UpdateStatusAsync(first, _ct));

        // A write lands between MutateAsync's read and its write: it re-reads and succeeds.
        var interleaved = 0;
        _fixture.Server.Faults.BeforeNext(
            r => r.Verb == "patch" && r.Subresource == "status" && r.Name == "w" && r.Namespace == _ns,
            store =>
            {
                interleaved++;
                var resource = store.Resource(WellKnown.Group, WellKnown.Version, "workloads", namespaced: true);
                var current = store.Get(resource, _ns, "w");
                current["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["v"] = "someone-else" };
                store.Put(resource, current);
            });
        var stored = await _store.MutateAsync<Workload>(_ns, "w", w =>
        {
            w.Status = new WorkloadStatus { HostId = "h" };
            return true;
        }, status: true, _ct);

        Assert.Equal(1, interleaved);
        Assert.Equal(("h", "someone-else"), (stored?.Status?.HostId, stored?.Metadata.Label("v")));
        var statusWrites = _fixture.Server.Requests.Where(r => r.Verb == "patch" && r.Subresource == "status" && r.Namespace == _ns).ToList();
        Assert.Equal([409, 409, 200], statusWrites.Select(r => r.Status));
        Assert.All(statusWrites, r => Assert.StartsWith("application/merge-patch+json", r.ContentType, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generation_counts_spec_changes_and_status_writes_keep_spec_and_clear_unset_fields()
    {
        var created = await _store.CreateAsync(TestObjects.Workload("w", @namespace: _ns), _ct);
        created.Status = new WorkloadStatus
        {
            HostId = "host-1",
            WorkloadId = "id-1",
            Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = "Available", ObservedGeneration = 1, LastTransitionTime = DateTimeOffset.UnixEpoch }],
        };
        created.Spec.HostId = "ignored-by-status";
        var withStatus = await _store.UpdateStatusAsync(created, _ct);
        Assert.Equal((1L, "host-1", (string?)null), (withStatus.Metadata.Generation, withStatus.Status?.HostId, withStatus.Spec.HostId));
        Assert.Equal(1, withStatus.Status!.Conditions.Single().ObservedGeneration);

        withStatus.Status.WorkloadId = null;
        var cleared = await _store.UpdateStatusAsync(withStatus, _ct);
        Assert.Null(cleared.Status?.WorkloadId);
        Assert.Equal("host-1", cleared.Status?.HostId);

        cleared.Spec.Environment = "prod";
        cleared.Status = null;
        var respecced = await _store.UpdateAsync(cleared, _ct);
        Assert.Equal(2, respecced.Metadata.Generation);
        Assert.Equal("host-1", respecced.Status?.HostId);

        respecced.Metadata.Labels = new() { ["only"] = "labels" };
        var relabelled = await _store.UpdateAsync(respecced, _ct);
        Assert.Equal(2, relabelled.Metadata.Generation);
        Assert.True(long.Parse(relabelled.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(respecced.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Lists_filter_by_namespace_and_labels_and_type_items_of_built_in_kinds()
    {
        var other = FakeApiServerFixture.NewNamespace();
        await _store.CreateAsync(TestObjects.Deployment("a", @namespace: _ns), _ct);
        await _store.CreateAsync(TestObjects.Deployment("b", @namespace: _ns), _ct);
        await _store.CreateAsync(TestObjects.Deployment("a", @namespace: other), _ct);
        await _store.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "cfg", Namespace = _ns }, Data = new() { ["k"] = "v" } }, _ct);

        Assert.Equal(["a", "b"], (await _store.ListAsync<WorkloadDeployment>(_ns, cancellationToken: _ct)).Select(d => d.Name));
        Assert.Equal(["b"], (await _store.ListAsync<WorkloadDeployment>(_ns, new Dictionary<string, string> { ["app"] = "b" }, _ct)).Select(d => d.Name));
        var everywhere = await _store.ListAsync<WorkloadDeployment>(null, new Dictionary<string, string> { ["app"] = "a" }, _ct);
        Assert.Equal(new[] { _ns, other }.Order(), everywhere.Select(d => d.Namespace).Where(n => n == _ns || n == other).Order());
        var map = Assert.Single(await _store.ListAsync<ConfigMap>(_ns, cancellationToken: _ct));
        Assert.Equal(("v1", "ConfigMap", "v"), (map.ApiVersion, map.Kind, map.Data!["k"]));
    }

    [Fact]
    public async Task Finalizers_hold_deletion_and_owners_take_their_dependents()
    {
        var deployment = await _store.CreateAsync(TestObjects.Deployment("d", @namespace: _ns), _ct);
        var replicaSet = await _store.CreateAsync(TestObjects.ReplicaSet("d-1", deployment, _ns), _ct);
        await _store.CreateAsync(TestObjects.Workload("d-1-a", replicaSet, WellKnown.WorkloadFinalizer, _ns), _ct);

        await _store.DeleteAsync<WorkloadDeployment>(_ns, "d", _ct);

        Assert.Null(await _store.GetAsync<WorkloadDeployment>(_ns, "d", _ct));
        Assert.Null(await _store.GetAsync<WorkloadReplicaSet>(_ns, "d-1", _ct));
        var held = await _store.GetAsync<Workload>(_ns, "d-1-a", _ct);
        Assert.NotNull(held?.Metadata.DeletionTimestamp);
        Assert.True(held.IsBeingDeleted);

        held.Metadata.Finalizers = [];
        await _store.UpdateAsync(held, _ct);
        Assert.Null(await _store.GetAsync<Workload>(_ns, "d-1-a", _ct));
        Assert.Contains(_fixture.Server.Requests, r => r.Verb == "delete" && r.Name == "d" && r.Query.Contains("propagationPolicy=Background", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hosts_keep_their_root_fields_and_satisfy_the_status_schema()
    {
        var host = await _store.CreateAsync(TestObjects.Host("exotic-toes-5866", Guid.NewGuid().ToString(), _ns), _ct);
        host.Status = new HostStatus { Version = "2.0.0", SystemMemoryTotal = 8L << 30, LastSeen = DateTimeOffset.UnixEpoch };

        var stored = await _store.UpdateStatusAsync(host, _ct);

        Assert.Equal(("10.0.0.1", 8080u, "2.0.0", "unknown"), (stored.Hostname, stored.HttpPort, stored.Status?.Version, stored.Status?.OsName));
    }

    [Fact]
    public async Task Endpoint_slices_are_created_replaced_and_deleted()
    {
        var slice = await _store.CreateAsync(
            new EndpointSlice
            {
                Metadata = new ObjectMeta { Name = "web-1234abcd", Namespace = _ns, Labels = new() { [WellKnown.ServiceNameLabel] = "web" } },
                Endpoints = [new SliceEndpoint { Addresses = ["10.0.0.1"], Conditions = new SliceEndpointConditions { Ready = true, Serving = true } }],
                Ports = [new SlicePort { Name = "http", Port = 8080 }],
            },
            _ct);
        slice.Endpoints.Add(new SliceEndpoint { Addresses = ["10.0.0.2"], Conditions = new SliceEndpointConditions { Ready = true, Serving = true } });

        var replaced = await _store.UpdateAsync(slice, _ct);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], replaced.Endpoints.SelectMany(e => e.Addresses));

        await _store.DeleteAsync<EndpointSlice>(_ns, slice.Name, _ct);
        Assert.Null(await _store.GetAsync<EndpointSlice>(_ns, slice.Name, _ct));
    }

    [Fact]
    public async Task Events_are_recorded_about_the_object_and_repeats_counted()
    {
        var workload = await _store.CreateAsync(TestObjects.Workload("w", @namespace: _ns), _ct);

        await _store.RecordEventAsync(workload, EventTypes.Warning, "PlacementFailed", "no host matches", "Schedule", _ct);
        await _store.RecordEventAsync(workload, EventTypes.Warning, "PlacementFailed", "no host matches", "Schedule", _ct);
        await _store.RecordEventAsync(workload, EventTypes.Normal, "Placed", "on host-1", cancellationToken: _ct);

        var events = await _store.ListAsync<KubeEvent>(_ns, cancellationToken: _ct);
        Assert.Equal([("Placed", 1), ("PlacementFailed", 2)], events.Select(e => (e.Reason, e.Count)).Order());
        Assert.All(events, e => Assert.Equal((workload.Metadata.Uid, "Workload", _ns), (e.InvolvedObject.Uid, e.InvolvedObject.Kind, e.InvolvedObject.Namespace)));
        Assert.All(events, e => Assert.StartsWith("w.", e.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_failures_surface_to_the_caller()
    {
        _fixture.Server.Faults.FailNext(1, when: r => r.Namespace == _ns);

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => _store.GetAsync<Workload>(_ns, "any", _ct));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failure.Response.StatusCode);
    }
}
