using Microsoft.Extensions.Time.Testing;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Standalone;

public sealed class InMemoryResourceStoreTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(s_start);
    private readonly InMemoryResourceStore _store;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public InMemoryResourceStoreTests() => _store = new InMemoryResourceStore(_time);

    [Fact]
    public async Task Create_fills_server_fields_and_stamps_the_type()
    {
        var created = await _store.CreateAsync(new WorkloadDeployment { Metadata = new ObjectMeta { Name = "web" } }, _ct);

        Assert.Equal(WellKnown.ApiVersion, created.ApiVersion);
        Assert.Equal("WorkloadDeployment", created.Kind);
        Assert.Equal("default", created.Namespace);
        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(s_start, created.Metadata.CreationTimestamp);
        Assert.Equal("1", created.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Create_of_a_taken_name_is_a_conflict()
    {
        await _store.CreateAsync(TestObjects.Deployment("web"), _ct);

        await Assert.ThrowsAsync<ResourceConflictException>(() => _store.CreateAsync(TestObjects.Deployment("web"), _ct));
    }

    [Fact]
    public async Task Create_with_generate_name_picks_a_free_name()
    {
        var template = new Workload { Metadata = new ObjectMeta { GenerateName = "web-" } };

        var first = await _store.CreateAsync(template, _ct);
        var second = await _store.CreateAsync(template, _ct);

        Assert.StartsWith("web-", first.Name, StringComparison.Ordinal);
        Assert.NotEqual(first.Name, second.Name);
    }

    [Fact]
    public async Task Create_ignores_status_of_kinds_with_a_status_subresource()
    {
        var deployment = TestObjects.Deployment("web");
        deployment.Status = new WorkloadDeploymentStatus { CurrentReplicas = 3 };

        var created = await _store.CreateAsync(deployment, _ct);

        Assert.Null(created.Status);
    }

    [Fact]
    public async Task ResourceVersion_grows_with_every_write_across_kinds()
    {
        var versions = new List<long>();
        var deployment = await _store.CreateAsync(TestObjects.Deployment("web"), _ct);
        versions.Add(long.Parse(deployment.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
        var artifact = await _store.CreateAsync(TestObjects.Artifact("art"), _ct);
        versions.Add(long.Parse(artifact.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
        deployment.Spec.Replicas = 4;
        deployment = await _store.UpdateAsync(deployment, _ct);
        versions.Add(long.Parse(deployment.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
        deployment.Status = new WorkloadDeploymentStatus { CurrentReplicas = 4 };
        deployment = await _store.UpdateStatusAsync(deployment, _ct);
        versions.Add(long.Parse(deployment.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(deployment.Metadata.ResourceVersion, _store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Concurrent_writers_get_distinct_resource_versions()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => _store.CreateAsync(TestObjects.Workload($"w{i}"), _ct), _ct)));

        Assert.Equal(200, created.Select(w => w.Metadata.ResourceVersion).Distinct().Count());
        Assert.Equal(200, (await _store.ListAsync<Workload>(null, cancellationToken: _ct)).Count);
    }

    [Fact]
    public async Task Generation_counts_spec_changes_only()
    {
        var deployment = await _store.CreateAsync(TestObjects.Deployment("web"), _ct);

        deployment.Metadata.Labels!["tier"] = "front";
        deployment.Metadata.Annotations = new() { ["note"] = "x" };
        deployment = await _store.UpdateAsync(deployment, _ct);
        Assert.Equal(1, deployment.Metadata.Generation);

        deployment.Status = new WorkloadDeploymentStatus { CurrentReplicas = 1 };
        deployment = await _store.UpdateStatusAsync(deployment, _ct);
        Assert.Equal(1, deployment.Metadata.Generation);

        deployment.Spec.Replicas = 3;
        deployment = await _store.UpdateAsync(deployment, _ct);
        Assert.Equal(2, deployment.Metadata.Generation);
    }

    [Fact]
    public async Task Host_generation_counts_its_root_fields()
    {
        var host = await _store.CreateAsync(TestObjects.Host("exotic-toes-5866", Guid.NewGuid().ToString()), _ct);

        host.HttpPort = 9090;
        host = await _store.UpdateAsync(host, _ct);

        Assert.Equal(2, host.Metadata.Generation);
    }

    [Fact]
    public async Task Reordered_maps_are_not_a_change()
    {
        var deployment = TestObjects.Deployment("web");
        deployment.Spec.Template.Spec.HostSelector = new() { ["a"] = "1", ["b"] = "2" };
        deployment = await _store.CreateAsync(deployment, _ct);

        deployment.Spec.Template.Spec.HostSelector = new() { ["b"] = "2", ["a"] = "1" };
        var updated = await _store.UpdateAsync(deployment, _ct);

        Assert.Equal(1, updated.Metadata.Generation);
        Assert.Equal(deployment.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resource_version()
    {
        var deployment = await _store.CreateAsync(TestObjects.Deployment("web"), _ct);

        var same = await _store.UpdateAsync(deployment, _ct);

        Assert.Equal(deployment.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Stale_resource_version_is_a_conflict_for_update_and_status()
    {
        var first = await _store.CreateAsync(TestObjects.Deployment("web"), _ct);
        var second = await _store.GetAsync<WorkloadDeployment>("default", "web", _ct);
        second!.Spec.Replicas = 2;
        await _store.UpdateAsync(second, _ct);

        first.Spec.Replicas = 5;
        await Assert.ThrowsAsync<ResourceConflictException>(() => _store.UpdateAsync(first, _ct));
        first.Status = new WorkloadDeploymentStatus { CurrentReplicas = 5 };
        await Assert.ThrowsAsync<ResourceConflictException>(() => _store.UpdateStatusAsync(first, _ct));

        // Without a resourceVersion the write is unconditional.
        first.Metadata.ResourceVersion = null;
        var forced = await _store.UpdateAsync(first, _ct);
        Assert.Equal(5, forced.Spec.Replicas);
    }

    [Fact]
    public async Task Update_of_a_missing_object_is_not_found()
    {
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _store.UpdateAsync(TestObjects.Deployment("ghost"), _ct));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _store.UpdateStatusAsync(TestObjects.Deployment("ghost"), _ct));
    }

    [Fact]
    public async Task Update_keeps_status_and_status_update_keeps_spec()
    {
        var deployment = await _store.CreateAsync(TestObjects.Deployment("web"), _ct);
        deployment.Status = new WorkloadDeploymentStatus { CurrentReplicas = 1, Selector = "s" };
        deployment = await _store.UpdateStatusAsync(deployment, _ct);

        deployment.Status = null;
        deployment.Spec.Replicas = 7;
        deployment = await _store.UpdateAsync(deployment, _ct);
        Assert.Equal("s", deployment.Status?.Selector);

        deployment.Spec.Replicas = 1;
        deployment.Status!.Selector = "t";
        deployment = await _store.UpdateStatusAsync(deployment, _ct);
        Assert.Equal(7, deployment.Spec.Replicas);
        Assert.Equal("t", deployment.Status?.Selector);
    }

    [Fact]
    public async Task Objects_are_copied_in_and_out()
    {
        var deployment = TestObjects.Deployment("web");
        var created = await _store.CreateAsync(deployment, _ct);
        deployment.Spec.Replicas = 10;
        created.Spec.Replicas = 11;

        var stored = await _store.GetAsync<WorkloadDeployment>("default", "web", _ct);

        Assert.Equal(1, stored!.Spec.Replicas);
        Assert.Equal("", deployment.ApiVersion);
    }

    [Fact]
    public async Task Delete_with_finalizers_marks_and_the_last_finalizer_removes()
    {
        var workload = await _store.CreateAsync(TestObjects.Workload("w", finalizer: WellKnown.WorkloadFinalizer), _ct);
        _time.Advance(TimeSpan.FromMinutes(1));

        await _store.DeleteAsync<Workload>("default", "w", _ct);
        var marked = await _store.GetAsync<Workload>("default", "w", _ct);
        Assert.Equal(s_start.AddMinutes(1), marked!.Metadata.DeletionTimestamp);
        Assert.NotEqual(workload.Metadata.ResourceVersion, marked.Metadata.ResourceVersion);

        // A second delete changes nothing.
        await _store.DeleteAsync<Workload>("default", "w", _ct);
        Assert.Equal(marked.Metadata.ResourceVersion, (await _store.GetAsync<Workload>("default", "w", _ct))!.Metadata.ResourceVersion);

        // Clients cannot clear the deletion timestamp.
        marked.Metadata.DeletionTimestamp = null;
        marked.Metadata.Labels = new() { ["x"] = "y" };
        marked = await _store.UpdateAsync(marked, _ct);
        Assert.NotNull(marked.Metadata.DeletionTimestamp);

        marked.Metadata.Finalizers = [];
        await _store.UpdateAsync(marked, _ct);
        Assert.Null(await _store.GetAsync<Workload>("default", "w", _ct));
    }

    [Fact]
    public async Task Delete_of_a_missing_object_is_a_no_op()
    {
        var before = _store.CurrentResourceVersion;

        await _store.DeleteAsync<Workload>("default", "ghost", _ct);

        Assert.Equal(before, _store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Delete_cascades_to_dependents_by_owner_uid()
    {
        var deployment = await _store.CreateAsync(TestObjects.Deployment("web"), _ct);
        var replicaSet = await _store.CreateAsync(TestObjects.ReplicaSet("web-abc", deployment), _ct);
        await _store.CreateAsync(TestObjects.Workload("web-abc-1", replicaSet), _ct);
        await _store.CreateAsync(TestObjects.Workload("web-abc-2", replicaSet, WellKnown.WorkloadFinalizer), _ct);
        await _store.CreateAsync(TestObjects.Workload("unrelated"), _ct);

        await _store.DeleteAsync<WorkloadDeployment>("default", "web", _ct);

        Assert.Null(await _store.GetAsync<WorkloadReplicaSet>("default", "web-abc", _ct));
        Assert.Null(await _store.GetAsync<Workload>("default", "web-abc-1", _ct));
        var finalizing = await _store.GetAsync<Workload>("default", "web-abc-2", _ct);
        Assert.NotNull(finalizing?.Metadata.DeletionTimestamp);
        Assert.NotNull(await _store.GetAsync<Workload>("default", "unrelated", _ct));
    }

    [Fact]
    public async Task A_dependent_created_after_its_owner_was_deleted_is_collected_at_once()
    {
        // What a controller acting on a stale copy of a just-deleted owner does; Kubernetes' garbage collector
        // deletes such a dependent, so the standalone store must too or it lives forever.
        var deployment = await _store.CreateAsync(TestObjects.Deployment("gone"), _ct);
        await _store.DeleteAsync<WorkloadDeployment>("default", "gone", _ct);

        await _store.CreateAsync(TestObjects.ReplicaSet("gone-late", deployment), _ct);
        await _store.CreateAsync(TestObjects.Workload("gone-late-1", deployment, WellKnown.WorkloadFinalizer), _ct);

        Assert.Null(await _store.GetAsync<WorkloadReplicaSet>("default", "gone-late", _ct));
        var finalizing = await _store.GetAsync<Workload>("default", "gone-late-1", _ct);
        Assert.NotNull(finalizing?.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task A_dependent_with_one_owner_left_is_kept()
    {
        var gone = await _store.CreateAsync(TestObjects.Deployment("first-owner"), _ct);
        var kept = await _store.CreateAsync(TestObjects.Deployment("second-owner"), _ct);
        await _store.DeleteAsync<WorkloadDeployment>("default", "first-owner", _ct);
        var child = TestObjects.ReplicaSet("two-owners");
        child.Metadata.OwnerReferences = [OwnerReference.ControllerOf(gone), OwnerReference.ControllerOf(kept)];
        child.Metadata.OwnerReferences[1].Controller = false;

        await _store.CreateAsync(child, _ct);

        Assert.NotNull(await _store.GetAsync<WorkloadReplicaSet>("default", "two-owners", _ct));
    }

    [Fact]
    public async Task Cascade_waits_for_the_owner_finalizers()
    {
        var owner = await _store.CreateAsync(TestObjects.Workload("owner", finalizer: WellKnown.WorkloadFinalizer), _ct);
        var child = TestObjects.Artifact("child");
        child.Metadata.OwnerReferences = [OwnerReference.ControllerOf(owner)];
        await _store.CreateAsync(child, _ct);

        await _store.DeleteAsync<Workload>("default", "owner", _ct);
        Assert.NotNull(await _store.GetAsync<Artifact>("default", "child", _ct));

        owner = (await _store.GetAsync<Workload>("default", "owner", _ct))!;
        owner.Metadata.Finalizers = null;
        await _store.UpdateAsync(owner, _ct);
        Assert.Null(await _store.GetAsync<Artifact>("default", "child", _ct));
    }

    [Fact]
    public async Task List_filters_by_namespace_and_exact_labels()
    {
        var a = TestObjects.Workload("a");
        a.Metadata.Labels = new() { ["app"] = "web", ["tier"] = "front" };
        var b = TestObjects.Workload("b");
        b.Metadata.Labels = new() { ["app"] = "web" };
        var c = TestObjects.Workload("c", @namespace: "other");
        c.Metadata.Labels = new() { ["app"] = "web", ["tier"] = "front" };
        foreach (var w in new[] { a, b, c })
        {
            await _store.CreateAsync(w, _ct);
        }

        var front = await _store.ListAsync<Workload>("default", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, _ct);
        var everywhere = await _store.ListAsync<Workload>(null, new Dictionary<string, string> { ["tier"] = "front" }, _ct);
        var web = await _store.ListAsync<Workload>("default", new Dictionary<string, string> { ["app"] = "web" }, _ct);

        Assert.Equal(["a"], front.Select(w => w.Name));
        Assert.Equal(["a", "c"], everywhere.Select(w => w.Name).Order());
        Assert.Equal(["a", "b"], web.Select(w => w.Name));
    }

    [Fact]
    public async Task Repeated_events_are_aggregated()
    {
        var workload = await _store.CreateAsync(TestObjects.Workload("w"), _ct);
        var other = await _store.CreateAsync(TestObjects.Workload("v"), _ct);

        await _store.RecordEventAsync(workload, EventTypes.Warning, Reasons.NoSuitableHost, "no host matches", cancellationToken: _ct);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _store.RecordEventAsync(workload, EventTypes.Warning, Reasons.NoSuitableHost, "no host matches", cancellationToken: _ct);
        await _store.RecordEventAsync(workload, EventTypes.Normal, Reasons.Placed, "placed on h1", cancellationToken: _ct);
        await _store.RecordEventAsync(other, EventTypes.Warning, Reasons.NoSuitableHost, "no host matches", cancellationToken: _ct);

        var events = _store.Events(workload);
        Assert.Equal(2, events.Count);
        var repeated = events[0];
        Assert.Equal(2, repeated.Count);
        Assert.Equal(s_start, repeated.FirstTimestamp);
        Assert.Equal(s_start.AddSeconds(30), repeated.LastTimestamp);
        Assert.Equal(workload.Metadata.Uid, repeated.InvolvedObject.Uid);
        Assert.Matches("^w\\.[0-9a-f]{16}$", repeated.Name);
        Assert.Equal("default", repeated.Namespace);
        Assert.Equal(1, events[1].Count);
        Assert.Equal(3, _store.Events().Count);
        Assert.Equal(3, (await _store.ListAsync<KubeEvent>("default", cancellationToken: _ct)).Count);
    }

    [Fact]
    public async Task Events_beyond_the_limit_drop_the_oldest()
    {
        var store = new InMemoryResourceStore(_time, new InMemoryResourceStoreOptions { MaxEvents = 2 });
        var workload = await store.CreateAsync(TestObjects.Workload("w"), _ct);

        foreach (var message in new[] { "one", "two", "three" })
        {
            await store.RecordEventAsync(workload, EventTypes.Normal, Reasons.Placed, message, cancellationToken: _ct);
        }

        Assert.Equal(["two", "three"], store.Events().Select(e => e.Message));
    }
}
