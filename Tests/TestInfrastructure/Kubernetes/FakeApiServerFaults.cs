using System.Collections.Concurrent;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>Faults a test can inject: failed requests, dropped or hung watches, expired history, interleaved writes.</summary>
public sealed class FakeApiServerFaults
{
    private readonly FakeApiServerStore _store;
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly ConcurrentQueue<Interception> _interceptions = new();

    internal FakeApiServerFaults(FakeApiServerStore store)
    {
        _store = store;
    }

    /// <summary>Answer an expired watch with an HTTP 410 rather than a 200 carrying an ERROR event (the usual way).</summary>
    public bool ExpiredWatchAsHttpStatus { get; set; }

    /// <summary>The next <paramref name="count"/> requests matching <paramref name="when"/> (all, if null) fail with <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, int statusCode = 500, Func<FakeApiServerRequest, bool>? when = null)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue(new Failure(statusCode, when ?? (_ => true)));
        }
    }

    /// <summary>Runs <paramref name="action"/> on the store just before the next request matching <paramref name="when"/> is served.</summary>
    public void BeforeNext(Func<FakeApiServerRequest, bool> when, Action<FakeApiServerStore> action) =>
        _interceptions.Enqueue(new Interception(when, action));

    public int DropWatches(bool abort = false) => _store.DropWatches(abort);

    public int StallWatches() => _store.StallWatches();

    public void ExpireHistory() => _store.ExpireHistory();

    /// <summary>Expires the history and drops every watch, so every watcher must come back with a version now too old.</summary>
    public void ExpireAndDropWatches()
    {
        _store.ExpireHistory();
        _store.DropWatches();
    }

    public int PendingFailures => _failures.Count;

    internal int? TakeFailure(FakeApiServerRequest request) => Take(_failures, f => f.When(request))?.StatusCode;

    internal Action<FakeApiServerStore>? TakeInterception(FakeApiServerRequest request) => Take(_interceptions, i => i.When(request))?.Action;

    private static T? Take<T>(ConcurrentQueue<T> queue, Func<T, bool> matches) where T : class
    {
        // Faults are few and tests single-minded: rotate through the queue once, keeping what does not match.
        lock (queue)
        {
            T? taken = null;
            var count = queue.Count;
            for (var i = 0; i < count && queue.TryDequeue(out var item); i++)
            {
                if (taken is null && matches(item))
                {
                    taken = item;
                }
                else
                {
                    queue.Enqueue(item);
                }
            }

            return taken;
        }
    }

    private sealed record Failure(int StatusCode, Func<FakeApiServerRequest, bool> When);

    private sealed record Interception(Func<FakeApiServerRequest, bool> When, Action<FakeApiServerStore> Action);
}
