using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Feeding;

public sealed class ResourceInformerTests : IAsyncDisposable
{
    private static readonly FeederOptions s_fastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
    };

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingHandler _handler = new();
    private Task _running = Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    [Fact]
    public async Task Lists_then_streams_changes_in_order()
    {
        var store = new InMemoryResourceStore();
        await store.CreateAsync(TestObjects.Workload("a", finalizer: WellKnown.WorkloadFinalizer), _ct);
        var informer = Start(store);
        await informer.Synced.WaitAsync(AsyncStreams.Deadline, _ct);

        await store.CreateAsync(TestObjects.Workload("b"), _ct);
        await store.DeleteAsync<Workload>("default", "a", _ct);
        await store.DeleteAsync<Workload>("default", "b", _ct);
        await _handler.WaitForCountAsync(4);

        Assert.Equal(
            [(WatchEventType.Added, "a", false), (WatchEventType.Added, "b", false), (WatchEventType.Modified, "a", false), (WatchEventType.Deleted, "b", false)],
            _handler.Summary);
        Assert.NotNull(_handler.Changes[2].Object.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task A_watch_that_ends_is_resumed_from_the_last_version_without_relisting()
    {
        var store = new InMemoryResourceStore();
        var source = new ControllableWatchSource(store);
        var a = await store.CreateAsync(TestObjects.Workload("a"), _ct);
        var informer = Start(source);
        await informer.Synced.WaitAsync(AsyncStreams.Deadline, _ct);

        await AsyncStreams.EventuallyAsync(() => store.WatcherCount == 1, "the informer watches");

        // End the watch and change things before the informer watches again.
        await ParkAtGateAsync(source, store);
        await store.CreateAsync(TestObjects.Workload("b"), _ct);
        a.Metadata.Labels = new() { ["x"] = "1" };
        await store.UpdateAsync(a, _ct);
        source.OpenGate();
        await _handler.WaitForCountAsync(3);

        await store.CreateAsync(TestObjects.Workload("c"), _ct);
        await _handler.WaitForCountAsync(4);

        Assert.Equal(
            [(WatchEventType.Added, "a", false), (WatchEventType.Added, "b", false), (WatchEventType.Modified, "a", false), (WatchEventType.Added, "c", false)],
            _handler.Summary);
        Assert.Equal(1, informer.ListCount);
        Assert.True(informer.WatchCount >= 2);
        Assert.Equal(store.CurrentResourceVersion, informer.LastResourceVersion);
    }

    [Fact]
    public async Task Relist_after_410_reports_deletions_as_synthetic_deletes_and_nothing_twice()
    {
        var store = new InMemoryResourceStore(options: new InMemoryResourceStoreOptions { WatchHistorySize = 5, BookmarkInterval = 5 });
        var source = new ControllableWatchSource(store);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await store.CreateAsync(TestObjects.Workload(name), _ct);
        }

        var informer = Start(source);
        await informer.Synced.WaitAsync(AsyncStreams.Deadline, _ct);
        await ParkAtGateAsync(source, store);

        await store.DeleteAsync<Workload>("default", "b", _ct);
        var c = (await store.GetAsync<Workload>("default", "c", _ct))!;
        c.Spec.HostId = "pinned";
        await store.UpdateAsync(c, _ct);
        await store.CreateAsync(TestObjects.Workload("d"), _ct);
        for (var i = 0; i < 6; i++)
        {
            // Churn in another kind pushes the informer's version out of the history.
            await store.CreateAsync(TestObjects.Artifact($"x{i}"), _ct);
        }

        source.OpenGate();
        await _handler.WaitForCountAsync(6);
        await store.CreateAsync(TestObjects.Workload("e"), _ct);
        await _handler.WaitForCountAsync(7);

        Assert.Equal(
            [
                (WatchEventType.Added, "a", false), (WatchEventType.Added, "b", false), (WatchEventType.Added, "c", false),
                (WatchEventType.Modified, "c", false), (WatchEventType.Added, "d", false), (WatchEventType.Deleted, "b", true),
                (WatchEventType.Added, "e", false),
            ],
            _handler.Summary);
        Assert.Equal(2, informer.ListCount);
        Assert.Equal("pinned", ((Workload)_handler.Changes[3].Object).Spec.HostId);
    }

    [Fact]
    public async Task A_name_recreated_while_away_is_a_delete_then_an_add()
    {
        var store = new InMemoryResourceStore(options: new InMemoryResourceStoreOptions { WatchHistorySize = 2, BookmarkInterval = 2 });
        var source = new ControllableWatchSource(store);
        var first = await store.CreateAsync(TestObjects.Workload("a"), _ct);
        var informer = Start(source);
        await informer.Synced.WaitAsync(AsyncStreams.Deadline, _ct);
        await ParkAtGateAsync(source, store);

        await store.DeleteAsync<Workload>("default", "a", _ct);
        var second = await store.CreateAsync(TestObjects.Workload("a"), _ct);
        await store.CreateAsync(TestObjects.Artifact("churn1"), _ct);
        await store.CreateAsync(TestObjects.Artifact("churn2"), _ct);
        source.OpenGate();
        await _handler.WaitForCountAsync(3);

        Assert.Equal([(WatchEventType.Added, "a", false), (WatchEventType.Deleted, "a", true), (WatchEventType.Added, "a", false)], _handler.Summary);
        Assert.Equal(first.Metadata.Uid, _handler.Changes[1].Object.Metadata.Uid);
        Assert.Equal(second.Metadata.Uid, _handler.Changes[2].Object.Metadata.Uid);
    }

    [Fact]
    public async Task Watch_failures_are_retried_and_lose_nothing()
    {
        var store = new InMemoryResourceStore();
        var source = new ControllableWatchSource(store);
        source.FailNextWatches(3);
        var informer = Start(source);
        await informer.Synced.WaitAsync(AsyncStreams.Deadline, _ct);

        await store.CreateAsync(TestObjects.Workload("a"), _ct);
        await _handler.WaitForCountAsync(1);

        Assert.Equal([(WatchEventType.Added, "a", false)], _handler.Summary);
        Assert.Equal(1, informer.ListCount);
        Assert.True(informer.WatchCount >= 4);
    }

    [Fact]
    public async Task Bookmarks_advance_the_version_without_handing_anything_on()
    {
        var store = new InMemoryResourceStore(options: new InMemoryResourceStoreOptions { WatchHistorySize = 10, BookmarkInterval = 2 });
        var informer = Start(store, KubeKind.Of<Artifact>());
        await informer.Synced.WaitAsync(AsyncStreams.Deadline, _ct);

        // Writes made before the watch opens are covered by the list, not by bookmarks.
        await AsyncStreams.EventuallyAsync(() => store.WatcherCount == 1, "the informer's watch is open");
        await store.CreateAsync(TestObjects.Workload("a"), _ct);
        await store.CreateAsync(TestObjects.Workload("b"), _ct);
        await AsyncStreams.EventuallyAsync(() => informer.LastResourceVersion == "2", "the bookmark arrived");

        Assert.Empty(_handler.Changes);
    }

    /// <summary>Ends the informer's watch and holds its next one, so the store can change while nobody watches.</summary>
    private static async Task ParkAtGateAsync(ControllableWatchSource source, InMemoryResourceStore store)
    {
        source.CloseGate();
        await AsyncStreams.EventuallyAsync(
            () =>
            {
                // Repeated because the informer may be between the gate and subscribing when first asked.
                store.DisconnectWatchers();
                return source.Waiting == 1;
            },
            "the informer is back at the gate");
    }

    private ResourceInformer Start(IResourceWatchSource source, KubeKind? kind = null)
    {
        var informer = new ResourceInformer(
            kind ?? KubeKind.Of<Workload>(), null, source, _handler, s_fastRetries, TimeProvider.System, NullLogger<ResourceInformer>.Instance);
        _running = Task.Run(() => informer.RunAsync(_stop.Token), _ct);
        return informer;
    }
}
