using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Standalone;

public sealed class InMemoryResourceStoreWatchTests
{
    private static readonly KubeKind s_workloads = KubeKind.Of<Workload>();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_replays_every_change_after_the_given_version_then_streams_live()
    {
        var store = new InMemoryResourceStore();
        var a = await store.CreateAsync(TestObjects.Workload("a"), _ct);
        var from = store.CurrentResourceVersion;
        await store.CreateAsync(TestObjects.Workload("b"), _ct);
        await store.CreateAsync(TestObjects.Artifact("not-a-workload"), _ct);
        a.Metadata.Labels = new() { ["x"] = "1" };
        await store.UpdateAsync(a, _ct);
        await store.DeleteAsync<Workload>("default", "b", _ct);

        var watch = store.WatchAsync(s_workloads, null, from, _ct);
        var live = Task.Run(() => store.CreateAsync(TestObjects.Workload("c"), _ct), _ct);
        var events = await watch.TakeAsync(4, cancellationToken: _ct);
        await live;

        Assert.Equal(
            [(WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b"), (WatchEventType.Added, "c")],
            events.Select(e => (e.Type, e.Object!.Name)));
        Assert.Equal(events.Select(e => e.ResourceVersion).Order(StringComparer.Ordinal), events.Select(e => e.ResourceVersion));
        Assert.All(events, e => Assert.Equal(e.ResourceVersion, e.Object!.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Watch_filters_by_namespace()
    {
        var store = new InMemoryResourceStore();
        var from = store.CurrentResourceVersion;
        await store.CreateAsync(TestObjects.Workload("a", @namespace: "one"), _ct);
        await store.CreateAsync(TestObjects.Workload("b", @namespace: "two"), _ct);
        await store.CreateAsync(TestObjects.Workload("c", @namespace: "two"), _ct);

        var events = await store.WatchAsync(s_workloads, "two", from, _ct).TakeAsync(2, cancellationToken: _ct);

        Assert.Equal(["b", "c"], events.Select(e => e.Object!.Name));
    }

    [Fact]
    public async Task Watch_from_zero_starts_with_the_current_state()
    {
        var store = new InMemoryResourceStore();
        await store.CreateAsync(TestObjects.Workload("a"), _ct);
        await store.CreateAsync(TestObjects.Workload("b"), _ct);
        await store.DeleteAsync<Workload>("default", "a", _ct);

        var events = await store.WatchAsync(s_workloads, null, "0", _ct).TakeAsync(1, cancellationToken: _ct);

        Assert.Equal((WatchEventType.Added, "b"), (events[0].Type, events[0].Object!.Name));
    }

    [Fact]
    public async Task Watch_from_a_version_older_than_the_history_is_gone()
    {
        var store = new InMemoryResourceStore(options: new InMemoryResourceStoreOptions { WatchHistorySize = 3, BookmarkInterval = 3 });
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(TestObjects.Workload($"w{i}"), _ct);
        }

        await Assert.ThrowsAsync<ResourceExpiredException>(() => store.WatchAsync(s_workloads, null, "1", _ct).TakeAsync(1, cancellationToken: _ct));

        // The oldest version still covered by the history replays fine.
        var replayed = await store.WatchAsync(s_workloads, null, "2", _ct).TakeAsync(3, cancellationToken: _ct);
        Assert.Equal(["w2", "w3", "w4"], replayed.Select(e => e.Object!.Name));
    }

    [Fact]
    public async Task A_quiet_kind_gets_bookmarks_so_its_version_stays_fresh()
    {
        var store = new InMemoryResourceStore(options: new InMemoryResourceStoreOptions { WatchHistorySize = 10, BookmarkInterval = 2 });
        var watch = store.WatchAsync(KubeKind.Of<Artifact>(), null, store.CurrentResourceVersion, _ct);
        var reading = watch.TakeAsync(1, cancellationToken: _ct);

        for (var i = 0; i < 3; i++)
        {
            await store.CreateAsync(TestObjects.Workload($"w{i}"), _ct);
        }

        var bookmark = Assert.Single(await reading);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Null(bookmark.Object);
        Assert.Equal("2", bookmark.ResourceVersion);
    }

    [Fact]
    public async Task Disconnect_ends_open_watches()
    {
        var store = new InMemoryResourceStore();
        var watching = store.WatchAsync(s_workloads, null, store.CurrentResourceVersion, _ct).TakeAsync(1, cancellationToken: _ct);

        await AsyncStreams.EventuallyAsync(() =>
        {
            store.DisconnectWatchers();
            return watching.IsCompleted;
        }, "the watch has ended");

        Assert.Empty(await watching);
    }

    [Fact]
    public async Task Watchers_get_their_own_copies()
    {
        var store = new InMemoryResourceStore();
        var from = store.CurrentResourceVersion;
        await store.CreateAsync(TestObjects.Workload("a"), _ct);

        var first = (await store.WatchAsync(s_workloads, null, from, _ct).TakeAsync(1, cancellationToken: _ct))[0];
        first.Object!.Metadata.Name = "changed";
        var second = (await store.WatchAsync(s_workloads, null, from, _ct).TakeAsync(1, cancellationToken: _ct))[0];

        Assert.Equal("a", second.Object!.Name);
    }

    [Fact]
    public async Task List_returns_the_version_to_watch_from()
    {
        var store = new InMemoryResourceStore();
        await store.CreateAsync(TestObjects.Workload("a"), _ct);
        await store.CreateAsync(TestObjects.Artifact("x"), _ct);

        var list = await store.ListAsync(s_workloads, null, _ct);
        await store.CreateAsync(TestObjects.Workload("b"), _ct);
        var next = await store.WatchAsync(s_workloads, null, list.ResourceVersion, _ct).TakeAsync(1, cancellationToken: _ct);

        Assert.Equal(["a"], list.Items.Select(i => i.Name));
        Assert.Equal("2", list.ResourceVersion);
        Assert.Equal("b", next[0].Object!.Name);
    }
}
