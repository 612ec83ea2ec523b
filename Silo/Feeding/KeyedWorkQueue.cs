namespace Wasmcloud.Silo.Feeding;

/// <summary>
/// Runs work items one at a time per key, in arrival order, and concurrently across keys up to a limit.
/// A pending item may be replaced by a newer one for the same key when the caller says the newer supersedes it.
/// </summary>
/// <remarks>
/// At most <c>maxConcurrency</c> workers take keys from a ready queue; a key is in that queue while it has pending
/// items and none running, and goes to its back after each item, so keys take turns. A rollout puts tens of
/// thousands of keys in flight at once: a task per key parked on a semaphore made every release a fight over the
/// semaphore's lock, which the workers avoid. Keys may be split into lanes (the dispatcher uses one per kind, as a
/// Kubernetes operator has one work queue per controller); lanes take turns too, so a burst in one lane (two
/// thousand new deployments) does not hold up another (the workloads the first of them already made).
/// </remarks>
public sealed class KeyedWorkQueue<T> : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Func<T, CancellationToken, Task> _process;
    private readonly Func<T, T, bool> _supersedes;
    private readonly Action<T, Exception> _onUnhandled;
    private readonly int _maxConcurrency;
    private readonly Func<string, string> _laneOf;
    private readonly CancellationTokenSource _stopping = new();

    // A key is present exactly while it has items pending or running.
    private readonly Dictionary<string, KeyState> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<KeyState>> _lanes = new(StringComparer.Ordinal);
    private readonly Queue<Queue<KeyState>> _readyLanes = new();
    private int _workers;
    private int _outstanding;
    private TaskCompletionSource? _idle;

    /// <param name="process">Handles one item; should do its own retries and logging.</param>
    /// <param name="maxConcurrency">Items processed at once across all keys.</param>
    /// <param name="supersedes">(pending, newer) → true when only the newer needs processing.</param>
    /// <param name="onUnhandled">Told about exceptions <paramref name="process"/> let escape.</param>
    /// <param name="laneOf">The lane of a key; one lane for all when null.</param>
    public KeyedWorkQueue(
        Func<T, CancellationToken, Task> process,
        int maxConcurrency,
        Func<T, T, bool>? supersedes = null,
        Action<T, Exception>? onUnhandled = null,
        Func<string, string>? laneOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _process = process;
        _supersedes = supersedes ?? ((_, _) => false);
        _onUnhandled = onUnhandled ?? ((_, _) => { });
        _maxConcurrency = maxConcurrency;
        _laneOf = laneOf ?? (_ => "");
    }

    /// <summary>Items queued or running.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _outstanding;
            }
        }
    }

    public void Enqueue(string key, T item)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (!_keys.TryGetValue(key, out var state))
            {
                var lane = _laneOf(key);
                if (!_lanes.TryGetValue(lane, out var keys))
                {
                    _lanes[lane] = keys = new Queue<KeyState>();
                }

                _keys[key] = state = new KeyState(key, keys);
            }

            if (state.Pending.Last is { } last && _supersedes(last.Value, item))
            {
                last.Value = item;
                return;
            }

            state.Pending.AddLast(item);
            _outstanding++;
            if (!state.Running && !state.Ready)
            {
                MakeReady(state);

                // Every worker is busy or about to take a ready key; one more may start while under the limit.
                if (_workers < _maxConcurrency)
                {
                    _workers++;
                    _ = Task.Run(WorkAsync);
                }
            }
        }
    }

    /// <summary>Completes when nothing is queued or running.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_outstanding == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
        }

        await WhenIdleAsync();
        _stopping.Dispose();
    }

    private async Task WorkAsync()
    {
        while (true)
        {
            KeyState state;
            T item;
            lock (_lock)
            {
                if (!_readyLanes.TryDequeue(out var lane))
                {
                    _workers--;
                    return;
                }

                state = lane.Dequeue();
                if (lane.Count > 0)
                {
                    _readyLanes.Enqueue(lane);
                }

                state.Ready = false;
                state.Running = true;
                item = state.Pending.First!.Value;
                state.Pending.RemoveFirst();
            }

            try
            {
                // Shutting down: what is left is rebuilt from the next list anyway.
                if (!_stopping.IsCancellationRequested)
                {
                    await _process(item, _stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _onUnhandled(item, ex);
            }

            lock (_lock)
            {
                state.Running = false;
                if (state.Pending.Count > 0)
                {
                    MakeReady(state);
                }
                else
                {
                    _keys.Remove(state.Key);
                }

                if (--_outstanding == 0 && _idle is not null)
                {
                    _idle.TrySetResult();
                    _idle = null;
                }
            }
        }
    }

    /// <summary>Puts a key at the back of its lane, and the lane in turn if it was empty. Under the lock.</summary>
    private void MakeReady(KeyState state)
    {
        state.Ready = true;
        state.Lane.Enqueue(state);
        if (state.Lane.Count == 1)
        {
            _readyLanes.Enqueue(state.Lane);
        }
    }

    private sealed class KeyState(string key, Queue<KeyState> lane)
    {
        public string Key { get; } = key;

        /// <summary>The ready keys of this key's lane.</summary>
        public Queue<KeyState> Lane { get; } = lane;

        /// <summary>Items not started yet, oldest first.</summary>
        public LinkedList<T> Pending { get; } = new();

        public bool Running { get; set; }

        public bool Ready { get; set; }
    }
}
