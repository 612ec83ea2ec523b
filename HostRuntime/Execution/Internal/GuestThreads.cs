namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// Threads for running guest code, kept warm between requests. Guest code is synchronous and may run until its
/// deadline, so it must not sit on thread-pool threads that Kestrel needs; but a new thread per request costs
/// 0.6–1 ms (measured: thread creation plus Wasmtime's per-thread set-up on first entry), more than the rest of a small
/// request. Work is handed straight to an idle thread (the most recently used, whose stack is warm) or to a new one,
/// so there is no queue and no limit here: concurrency is bounded by the requests in flight. A thread idle for
/// <see cref="IdleTimeout"/> exits.
/// </summary>
internal sealed class GuestThreads
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<Worker> _idle = [];
    private int _created;

    /// <summary>Threads started so far (for tests).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Runs <paramref name="work"/> on a guest thread; the task completes with its result or exception.</summary>
    /// <remarks>
    /// The task is completed by the guest thread after it is back on the idle list, and the caller's continuation
    /// may run right there (typically the rest of the request: the response flush and Kestrel's wait for the next
    /// request). That saves a second thread wake-up per request, which dominated the cost of small requests; a
    /// continuation that calls <see cref="Run{T}"/> again simply gets this same thread next.
    /// </remarks>
    public Task<T> Run<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>();
        Action Item()
        {
            try
            {
                var result = work();
                return () => completion.SetResult(result);
            }
            catch (Exception e)
            {
                return () => completion.SetException(e);
            }
        }

        Worker? worker = null;
        lock (_lock)
        {
            if (_idle.Count > 0)
            {
                worker = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
            }
        }

        if (worker is null)
        {
            var id = Interlocked.Increment(ref _created);
            new Worker(this, Item).Start(id);
        }
        else
        {
            worker.Assign(Item);
        }

        return completion.Task;
    }

    /// <summary>Runs one item: the work itself, returning what completes the caller's task.</summary>
    private delegate Action WorkItem();

    private sealed class Worker(GuestThreads owner, WorkItem first)
    {
        private readonly object _gate = new();
        private WorkItem? _next;

        public void Start(int id) => new Thread(Loop) { IsBackground = true, Name = $"wasm-guest-{id}" }.Start();

        /// <summary>Called only for a worker just taken off the idle list, so never twice without a wait between.</summary>
        public void Assign(WorkItem item)
        {
            lock (_gate)
            {
                _next = item;
                Monitor.Pulse(_gate);
            }
        }

        /// <summary>The next item, waiting up to <paramref name="timeout"/> for it; null when none came.</summary>
        private WorkItem? Take(TimeSpan timeout)
        {
            lock (_gate)
            {
                if (_next is null)
                {
                    Monitor.Wait(_gate, timeout);
                }

                var next = _next;
                _next = null;
                return next;
            }
        }

        private void Loop()
        {
            var item = first;
            while (true)
            {
                var complete = item();
                lock (owner._lock)
                {
                    owner._idle.Add(this);
                }

                complete();

                var next = Take(IdleTimeout);
                if (next is null)
                {
                    lock (owner._lock)
                    {
                        // Still idle: nobody can hand us work any more, so leave. Otherwise Run took us off the list
                        // and its Assign is on the way.
                        if (owner._idle.Remove(this))
                        {
                            return;
                        }
                    }

                    next = Take(Timeout.InfiniteTimeSpan);
                }

                item = next!;
            }
        }
    }
}
