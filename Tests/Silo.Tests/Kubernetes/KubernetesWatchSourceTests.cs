using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Tests.Feeding;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>List and watch through the real client against the fake API server, alone and under the real informer.</summary>
public sealed class KubernetesWatchSourceTests : IClassFixture<KubernetesAdapterFixture>, IAsyncDisposable
{
    private static readonly KubeKind s_workloads = KubeKind.Of<Workload>();

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly KubernetesAdapterFixture _fixture;
    private readonly FakeApiServer _server;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public KubernetesWatchSourceTests(KubernetesAdapterFixture fixture)
    {
        _fixture = fixture;
        _server = fixture.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    [Fact]
    public async Task A_list_pages_through_everything_and_returns_the_version_to_watch_from()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await _fixture.Store.CreateAsync(TestObjects.Workload(name, @namespace: _ns), _ct);
        }

        var list = await _fixture.Source.ListAsync(s_workloads, _ns, _ct);

        Assert.Equal(["a", "b", "c", "d", "e"], list.Items.Select(i => i.Name));
        Assert.All(list.Items, i => Assert.IsType<Workload>(i));
        Assert.Equal(_server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.ResourceVersion);
        Assert.Equal(3, _server.Requests.Count(r => r.Verb == "list" && r.Namespace == _ns && r.Query.Contains("limit=2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_watch_streams_changes_after_the_version_in_order_with_bookmarks()
    {
        var a = await _fixture.Store.CreateAsync(TestObjects.Workload("a", @namespace: _ns), _ct);
        var list = await _fixture.Source.ListAsync(s_workloads, _ns, _ct);
        await _fixture.Store.CreateAsync(TestObjects.Workload("b", @namespace: _ns), _ct);
        a.Spec.HostId = "pinned";
        await _fixture.Store.UpdateAsync(a, _ct);
        await _fixture.Store.DeleteAsync<Workload>(_ns, "b", _ct);

        var events = await _fixture.Source.WatchAsync(s_workloads, _ns, list.ResourceVersion, _ct).TakeAsync(4, cancellationToken: _ct);

        Assert.Equal(
            [(WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b")],
            events.Take(3).Select(e => (e.Type, e.Object!.Name)));
        Assert.Equal("pinned", ((Workload)events[1].Object!).Spec.HostId);
        Assert.Equal(WatchEventType.Bookmark, events[3].Type);
        Assert.Null(events[3].Object);
        Assert.True(long.Parse(events[3].ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(events[2].ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_dropped_watch_completes_and_a_cut_one_fails()
    {
        var from = (await _fixture.Source.ListAsync(s_workloads, _ns, _ct)).ResourceVersion;
        await using (var clean = _fixture.Source.WatchAsync(s_workloads, _ns, from, _ct).GetAsyncEnumerator(_ct))
        {
            Assert.True(await clean.MoveNextAsync());
            _server.Faults.DropWatches();
            await DrainAsync(clean);
        }

        await using var cut = _fixture.Source.WatchAsync(s_workloads, _ns, from, _ct).GetAsyncEnumerator(_ct);
        Assert.True(await cut.MoveNextAsync());
        _server.Faults.DropWatches(abort: true);
        await Assert.ThrowsAnyAsync<Exception>(() => DrainAsync(cut));
    }

    [Fact]
    public async Task An_expired_version_is_ResourceExpiredException_whether_sent_as_an_event_or_an_answer()
    {
        var from = (await _fixture.Source.ListAsync(s_workloads, _ns, _ct)).ResourceVersion;
        await _fixture.Store.CreateAsync(TestObjects.Workload("a", @namespace: _ns), _ct);
        _server.Faults.ExpireHistory();

        await Assert.ThrowsAsync<ResourceExpiredException>(() => _fixture.Source.WatchAsync(s_workloads, _ns, from, _ct).TakeAsync(1, cancellationToken: _ct));

        _server.Faults.ExpiredWatchAsHttpStatus = true;
        try
        {
            await Assert.ThrowsAsync<ResourceExpiredException>(() => _fixture.Source.WatchAsync(s_workloads, _ns, from, _ct).TakeAsync(1, cancellationToken: _ct));
        }
        finally
        {
            _server.Faults.ExpiredWatchAsHttpStatus = false;
        }
    }

    [Fact]
    public async Task A_hung_watch_is_abandoned_after_the_idle_timeout()
    {
        var from = (await _fixture.Source.ListAsync(s_workloads, _ns, _ct)).ResourceVersion;
        await using var events = _fixture.Source.WatchAsync(s_workloads, _ns, from, _ct).GetAsyncEnumerator(_ct);
        Assert.True(await events.MoveNextAsync());
        _server.Faults.StallWatches();
        var started = DateTime.UtcNow;

        await DrainAsync(events);

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), AsyncStreams.Deadline);
    }

    [Fact]
    public async Task The_informer_resumes_a_dropped_watch_without_losing_or_repeating_a_change()
    {
        var a = await _fixture.Store.CreateAsync(TestObjects.Workload("a", @namespace: _ns), _ct);
        var handler = new RecordingHandler();
        var informer = Start(handler);
        await WatchingAsync();

        // Changes land while the informer is away: just before it watches again.
        _server.Faults.BeforeNext(IsWatchOfThisTest, store =>
        {
            var workloads = WorkloadsIn(store);
            store.Put(workloads, Workload("b"));
            var changed = store.Get(workloads, _ns, "a");
            changed["spec"]!["hostId"] = "pinned";
            store.Put(workloads, changed);
        });
        _server.Faults.DropWatches(abort: true);
        await handler.WaitForCountAsync(3);
        await _fixture.Store.CreateAsync(TestObjects.Workload("c", @namespace: _ns), _ct);
        await handler.WaitForCountAsync(4);

        Assert.Equal(
            [(WatchEventType.Added, "a", false), (WatchEventType.Added, "b", false), (WatchEventType.Modified, "a", false), (WatchEventType.Added, "c", false)],
            handler.Summary);
        Assert.Equal("pinned", ((Workload)handler.Changes[2].Object).Spec.HostId);
        Assert.Equal(1, informer.ListCount);
        Assert.NotEqual(a.Metadata.ResourceVersion, informer.LastResourceVersion);
    }

    [Fact]
    public async Task The_informer_relists_after_410_turning_deletions_into_synthetic_deletes()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await _fixture.Store.CreateAsync(TestObjects.Workload(name, @namespace: _ns), _ct);
        }

        var handler = new RecordingHandler();
        var informer = Start(handler);
        await WatchingAsync();

        _server.Faults.BeforeNext(IsWatchOfThisTest, store =>
        {
            var workloads = WorkloadsIn(store);
            store.Delete(workloads, _ns, "b", "Background", null);
            var changed = store.Get(workloads, _ns, "c");
            changed["spec"]!["hostId"] = "pinned";
            store.Put(workloads, changed);
            store.Put(workloads, Workload("d"));
            store.ExpireHistory();
        });
        _server.Faults.DropWatches();
        await handler.WaitForCountAsync(6);
        await _fixture.Store.CreateAsync(TestObjects.Workload("e", @namespace: _ns), _ct);
        await handler.WaitForCountAsync(7);

        Assert.Equal(
            [
                (WatchEventType.Added, "a", false), (WatchEventType.Added, "b", false), (WatchEventType.Added, "c", false),
                (WatchEventType.Modified, "c", false), (WatchEventType.Added, "d", false), (WatchEventType.Deleted, "b", true),
                (WatchEventType.Added, "e", false),
            ],
            handler.Summary);
        Assert.Equal(2, informer.ListCount);
    }

    private ResourceInformer Start(RecordingHandler handler)
    {
        var options = new FeederOptions { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(100) };
        var informer = new ResourceInformer(s_workloads, _ns, _fixture.Source, handler, options, TimeProvider.System, NullLogger<ResourceInformer>.Instance);
        _running = Task.Run(() => informer.RunAsync(_stop.Token), CancellationToken.None);
        return informer;
    }

    /// <summary>Until the informer's watch is open on the server, so what a test does next meets a watching informer.</summary>
    private Task WatchingAsync() =>
        AsyncStreams.EventuallyAsync(() => _server.Store.Watchers.Any(w => w.Namespace == _ns), "the informer watches");

    private bool IsWatchOfThisTest(FakeApiServerRequest request) => request.Verb == "watch" && request.Plural == "workloads" && request.Namespace == _ns;

    private static FakeApiServerResource WorkloadsIn(FakeApiServerStore store) => store.Resource(WellKnown.Group, WellKnown.Version, "workloads", namespaced: true);

    private JsonObject Workload(string name) => new()
    {
        ["apiVersion"] = WellKnown.ApiVersion,
        ["kind"] = "Workload",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = _ns },
        ["spec"] = new JsonObject { ["hostSelector"] = new JsonObject { ["hostgroup"] = "default" } },
    };

    private static async Task DrainAsync(IAsyncEnumerator<WatchEvent> events)
    {
        using var deadline = new CancellationTokenSource(AsyncStreams.Deadline);
        while (await events.MoveNextAsync().AsTask().WaitAsync(deadline.Token))
        {
        }
    }
}
