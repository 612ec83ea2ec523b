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
    public Task<T> Run<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Item()
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
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

    private sealed class Worker(GuestThreads owner, Action first)
    {
        private readonly object _gate = new();
        private Action? _next;

        public void Start(int id) => new Thread(Loop) { IsBackground = true, Name = $"wasm-guest-{id}" }.Start();

        /// <summary>Called only for a worker just taken off the idle list, so never twice without a wait between.</summary>
        public void Assign(Action item)
        {
            lock (_gate)
            {
                _next = item;
                Monitor.Pulse(_gate);
            }
        }

        /// <summary>The next item, waiting up to <paramref name="timeout"/> for it; null when none came.</summary>
        private Action? Take(TimeSpan timeout)
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
                item();
                lock (owner._lock)
                {
                    owner._idle.Add(this);
                }

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
