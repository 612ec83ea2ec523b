using Microsoft.Extensions.Time.Testing;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Standalone;

/// <summary>The API-server semantics grains and informers rely on: versions, generations, no-op writes, copies, watches.</summary>
public sealed class InMemoryResourceStoreContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static WorkloadReplicaSet ReplicaSet(string name, string ns = "apps", int replicas = 1, Dictionary<string, string>? labels = null) =>
        KubeKind.Stamp(new WorkloadReplicaSet
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels },
            Spec = new WorkloadReplicaSetSpec { Replicas = replicas },
        });

    [Fact]
    public async Task Create_assigns_identity_and_ignores_status()
    {
        var store = new InMemoryResourceStore(_time);
        var input = ReplicaSet("a");
        input.Status = new WorkloadReplicaSetStatus { Replicas = new ReplicaCounts { Ready = 3 } };

        var created = await store.CreateAsync(input, cancellationToken: Ct);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(_time.GetUtcNow(), created.Metadata.CreationTimestamp);
        Assert.Equal(store.CurrentResourceVersion, created.Metadata.ResourceVersion);
        Assert.Null(created.Status);
        Assert.Null(input.Metadata.Uid);
        await Assert.ThrowsAsync<ResourceConflictException>(() => store.CreateAsync(ReplicaSet("a"), cancellationToken: Ct));
    }

    [Fact]
    public async Task Reads_are_copies()
    {
        var store = new InMemoryResourceStore(_time);
        var created = await store.CreateAsync(ReplicaSet("a", labels: new() { ["app"] = "x" }), cancellationToken: Ct);
        created.Metadata.Labels!["app"] = "changed";

        var read = await store.GetAsync<WorkloadReplicaSet>("apps", "a", cancellationToken: Ct);
        read!.Metadata.Labels!["app"] = "changed again";
        var listed = await store.ListAsync<WorkloadReplicaSet>("apps", cancellationToken: Ct);

        Assert.Equal("x", Assert.Single(listed).Metadata.Labels!["app"]);
        Assert.Equal("x", (await store.GetAsync<WorkloadReplicaSet>("apps", "a", cancellationToken: Ct))!.Metadata.Labels!["app"]);
    }

    [Fact]
    public async Task Generation_counts_spec_changes_only_and_noop_writes_keep_the_version()
    {
        var store = new InMemoryResourceStore(_time);
        var created = await store.CreateAsync(ReplicaSet("a"), cancellationToken: Ct);

        var same = await store.UpdateAsync(created, cancellationToken: Ct);
        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);

        same.Metadata.Labels = new() { ["team"] = "blue" };
        var relabelled = await store.UpdateAsync(same, cancellationToken: Ct);
        Assert.NotEqual(created.Metadata.ResourceVersion, relabelled.Metadata.ResourceVersion);
        Assert.Equal(1, relabelled.Metadata.Generation);

        relabelled.Spec.Replicas = 4;
        var scaled = await store.UpdateAsync(relabelled, cancellationToken: Ct);
        Assert.Equal(2, scaled.Metadata.Generation);

        scaled.Status = new WorkloadReplicaSetStatus { Replicas = new ReplicaCounts { Ready = 1 } };
        var withStatus = await store.UpdateStatusAsync(scaled, cancellationToken: Ct);
        Assert.Equal(2, withStatus.Metadata.Generation);
        Assert.Equal(1, withStatus.Status!.Replicas!.Ready);
        Assert.NotEqual(scaled.Metadata.ResourceVersion, withStatus.Metadata.ResourceVersion);

        var again = await store.UpdateStatusAsync(withStatus, cancellationToken: Ct);
        Assert.Equal(withStatus.Metadata.ResourceVersion, again.Metadata.ResourceVersion);

        // Update keeps the stored status; status writes keep the stored spec.
        withStatus.Spec.Replicas = 9;
        withStatus.Status = null;
        var updated = await store.UpdateAsync(withStatus, cancellationToken: Ct);
        Assert.Equal(1, updated.Status!.Replicas!.Ready);
        updated.Spec.Replicas = 1;
        updated.Status.Replicas.Ready = 2;
        var statusOnly = await store.UpdateStatusAsync(updated, cancellationToken: Ct);
        Assert.Equal(9, statusOnly.Spec.Replicas);
        Assert.Equal(2, statusOnly.Status!.Replicas!.Ready);
    }

    [Fact]
    public async Task Label_order_does_not_make_a_write()
    {
        var store = new InMemoryResourceStore(_time);
        var created = await store.CreateAsync(ReplicaSet("a", labels: new() { ["a"] = "1", ["b"] = "2" }), cancellationToken: Ct);
        created.Metadata.Labels = new() { ["b"] = "2", ["a"] = "1" };

        var same = await store.UpdateAsync(created, cancellationToken: Ct);

        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Stale_versions_conflict_and_unversioned_writes_do_not()
    {
        var store = new InMemoryResourceStore(_time);
        var created = await store.CreateAsync(ReplicaSet("a"), cancellationToken: Ct);
        var first = await store.GetAsync<WorkloadReplicaSet>("apps", "a", cancellationToken: Ct);
        first!.Spec.Replicas = 2;
        await store.UpdateAsync(first, cancellationToken: Ct);

        created.Spec.Replicas = 3;
        await Assert.ThrowsAsync<ResourceConflictException>(() => store.UpdateAsync(created, cancellationToken: Ct));
        await Assert.ThrowsAsync<ResourceConflictException>(() => store.UpdateStatusAsync(created, cancellationToken: Ct));

        created.Metadata.ResourceVersion = null;
        var forced = await store.UpdateAsync(created, cancellationToken: Ct);
        Assert.Equal(3, forced.Spec.Replicas);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.UpdateAsync(ReplicaSet("missing"), cancellationToken: Ct));
    }

    [Fact]
    public async Task Lists_filter_by_namespace_and_labels_in_name_order()
    {
        var store = new InMemoryResourceStore(_time);
        await store.CreateAsync(ReplicaSet("c", "apps", labels: new() { ["app"] = "x" }), cancellationToken: Ct);
        await store.CreateAsync(ReplicaSet("a", "apps", labels: new() { ["app"] = "y" }), cancellationToken: Ct);
        await store.CreateAsync(ReplicaSet("b", "apps", labels: new() { ["app"] = "x" }), cancellationToken: Ct);
        await store.CreateAsync(ReplicaSet("a", "other"), cancellationToken: Ct);
        await store.CreateAsync(ReplicaSet("z", null!), cancellationToken: Ct);

        Assert.Equal(["a", "b", "c"], (await store.ListAsync<WorkloadReplicaSet>("apps", cancellationToken: Ct)).Select(r => r.Name));
        Assert.Equal(["b", "c"], (await store.ListAsync<WorkloadReplicaSet>("apps", new Dictionary<string, string> { ["app"] = "x" }, cancellationToken: Ct)).Select(r => r.Name));
        Assert.Equal(["apps/a", "apps/b", "apps/c", "default/z", "other/a"], (await store.ListAsync<WorkloadReplicaSet>(null, cancellationToken: Ct)).Select(r => r.Key));
        Assert.Equal(["z"], (await store.ListAsync<WorkloadReplicaSet>("", cancellationToken: Ct)).Select(r => r.Name));
        Assert.Empty(await store.ListAsync<Workload>("apps", cancellationToken: Ct));

        var list = await store.ListAsync(KubeKind.Of<WorkloadReplicaSet>(), "apps", Ct);
        Assert.Equal(3, list.Items.Count);
        Assert.Equal(store.CurrentResourceVersion, list.ResourceVersion);
    }

    [Fact]
    public async Task Finalizers_hold_deletion_and_owners_cascade()
    {
        var store = new InMemoryResourceStore(_time);
        var owner = await store.CreateAsync(ReplicaSet("owner"), cancellationToken: Ct);
        var held = KubeKind.Stamp(new Workload
        {
            Metadata = new ObjectMeta { Name = "held", Namespace = "apps", OwnerReferences = [OwnerReference.ControllerOf(owner)], Finalizers = ["f"] },
        });
        await store.CreateAsync(held, cancellationToken: Ct);
        await store.CreateAsync(KubeKind.Stamp(new Workload
        {
            Metadata = new ObjectMeta { Name = "free", Namespace = "apps", OwnerReferences = [OwnerReference.ControllerOf(owner)] },
        }), cancellationToken: Ct);

        await store.DeleteAsync<WorkloadReplicaSet>("apps", "owner", cancellationToken: Ct);

        Assert.Null(await store.GetAsync<WorkloadReplicaSet>("apps", "owner", cancellationToken: Ct));
        Assert.Null(await store.GetAsync<Workload>("apps", "free", cancellationToken: Ct));
        var marked = await store.GetAsync<Workload>("apps", "held", cancellationToken: Ct);
        Assert.Equal(_time.GetUtcNow(), marked!.Metadata.DeletionTimestamp);

        marked.Metadata.Finalizers!.Clear();
        await store.UpdateAsync(marked, cancellationToken: Ct);
        Assert.Null(await store.GetAsync<Workload>("apps", "held", cancellationToken: Ct));
        await store.DeleteAsync<Workload>("apps", "never-existed", cancellationToken: Ct);
    }

    [Fact]
    public async Task Events_repeat_by_identity()
    {
        var store = new InMemoryResourceStore(_time);
        var about = await store.CreateAsync(ReplicaSet("a"), cancellationToken: Ct);

        await store.RecordEventAsync(about, EventTypes.Normal, "Scaled", "to 2", cancellationToken: Ct);
        _time.Advance(TimeSpan.FromSeconds(5));
        await store.RecordEventAsync(about, EventTypes.Normal, "Scaled", "to 2", "Scale", cancellationToken: Ct);
        await store.RecordEventAsync(about, EventTypes.Warning, "Failed", "oops", cancellationToken: Ct);

        var events = store.Events(about);
        Assert.Equal(2, events.Count);
        Assert.Equal(2, events[0].Count);
        Assert.Equal("Scale", events[0].Action);
        Assert.Equal(_time.GetUtcNow(), events[0].LastTimestamp);
        Assert.Equal("a", events[0].InvolvedObject.Name);
        events[0].Count = 99;
        Assert.Equal(2, store.Events(about)[0].Count);
    }

    [Fact]
    public async Task Watches_replay_from_a_version_and_expire_beyond_the_history()
    {
        var store = new InMemoryResourceStore(_time, new InMemoryResourceStoreOptions { WatchHistorySize = 4, BookmarkInterval = 2 });
        var created = await store.CreateAsync(ReplicaSet("a"), cancellationToken: Ct);
        var from = created.Metadata.ResourceVersion!;
        created.Spec.Replicas = 2;
        var updated = await store.UpdateAsync(created, cancellationToken: Ct);
        await store.DeleteAsync<WorkloadReplicaSet>("apps", "a", cancellationToken: Ct);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromSeconds(10));
        var seen = new List<WatchEvent>();
        await foreach (var change in store.WatchAsync(KubeKind.Of<WorkloadReplicaSet>(), "apps", from, cancel.Token))
        {
            seen.Add(change);
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Modified, WatchEventType.Deleted], seen.Select(c => c.Type));
        Assert.Equal(updated.Metadata.ResourceVersion, seen[0].ResourceVersion);
        Assert.Equal(2, ((WorkloadReplicaSet)seen[0].Object!).Spec.Replicas);
        Assert.Equal(seen[1].ResourceVersion, seen[1].Object!.Metadata.ResourceVersion);
        Assert.Equal(store.CurrentResourceVersion, seen[1].ResourceVersion);

        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(ReplicaSet($"n{i}"), cancellationToken: Ct);
        }

        await Assert.ThrowsAsync<ResourceExpiredException>(async () =>
        {
            await foreach (var change in store.WatchAsync(KubeKind.Of<WorkloadReplicaSet>(), null, from, cancel.Token))
            {
            }
        });
    }

    [Fact]
    public async Task A_watch_from_zero_starts_with_the_current_objects_and_quiet_kinds_get_bookmarks()
    {
        var store = new InMemoryResourceStore(_time, new InMemoryResourceStoreOptions { WatchHistorySize = 100, BookmarkInterval = 2 });
        await store.CreateAsync(ReplicaSet("a"), cancellationToken: Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromSeconds(10));
        await using var replicaSets = store.WatchAsync(KubeKind.Of<WorkloadReplicaSet>(), null, "0", cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using var workloads = store.WatchAsync(KubeKind.Of<Workload>(), null, store.CurrentResourceVersion, cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await replicaSets.MoveNextAsync());
        Assert.Equal(WatchEventType.Added, replicaSets.Current.Type);
        Assert.Equal("a", replicaSets.Current.Object!.Name);

        // Starting the enumeration subscribes; only then do the changes below reach it.
        var pendingWorkload = workloads.MoveNextAsync();
        await Task.Delay(50, Ct);
        await store.CreateAsync(ReplicaSet("b"), cancellationToken: Ct);
        await store.CreateAsync(ReplicaSet("c"), cancellationToken: Ct);

        Assert.True(await pendingWorkload);
        Assert.Equal(WatchEventType.Bookmark, workloads.Current.Type);
        Assert.Null(workloads.Current.Object);
        Assert.True(await replicaSets.MoveNextAsync());
        Assert.Equal("b", replicaSets.Current.Object!.Name);
        var fromWatch = (WorkloadReplicaSet)replicaSets.Current.Object;
        fromWatch.Spec.Replicas = 42;
        Assert.Equal(1, (await store.GetAsync<WorkloadReplicaSet>("apps", "b", cancellationToken: Ct))!.Spec.Replicas);
    }
}
