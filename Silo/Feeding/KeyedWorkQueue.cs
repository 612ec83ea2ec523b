namespace Wasmcloud.Silo.Feeding;

/// <summary>
/// Runs work items one at a time per key, in arrival order, and concurrently across keys up to a limit.
/// A pending item may be replaced by a newer one for the same key when the caller says the newer supersedes it.
/// </summary>
public sealed class KeyedWorkQueue<T> : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Func<T, CancellationToken, Task> _process;
    private readonly Func<T, T, bool> _supersedes;
    private readonly Action<T, Exception> _onUnhandled;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();

    // A key is present exactly while a drain loop runs for it; the list holds what that loop has not started yet.
    private readonly Dictionary<string, LinkedList<T>> _queues = new(StringComparer.Ordinal);
    private int _outstanding;
    private TaskCompletionSource? _idle;

    /// <param name="process">Handles one item; should do its own retries and logging.</param>
    /// <param name="maxConcurrency">Items processed at once across all keys.</param>
    /// <param name="supersedes">(pending, newer) → true when only the newer needs processing.</param>
    /// <param name="onUnhandled">Told about exceptions <paramref name="process"/> let escape.</param>
    public KeyedWorkQueue(
        Func<T, CancellationToken, Task> process,
        int maxConcurrency,
        Func<T, T, bool>? supersedes = null,
        Action<T, Exception>? onUnhandled = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _process = process;
        _supersedes = supersedes ?? ((_, _) => false);
        _onUnhandled = onUnhandled ?? ((_, _) => { });
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
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

            if (_queues.TryGetValue(key, out var pending))
            {
                if (pending.Last is { } last && _supersedes(last.Value, item))
                {
                    last.Value = item;
                    return;
                }

                pending.AddLast(item);
                _outstanding++;
                return;
            }

            _queues[key] = new LinkedList<T>([item]);
            _outstanding++;
        }

        _ = Task.Run(() => DrainAsync(key));
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
        _slots.Dispose();
    }

    private async Task DrainAsync(string key)
    {
        while (true)
        {
            T item;
            lock (_lock)
            {
                var pending = _queues[key];
                if (pending.First is null)
                {
                    _queues.Remove(key);
                    return;
                }

                item = pending.First.Value;
                pending.RemoveFirst();
            }

            try
            {
                await _slots.WaitAsync(_stopping.Token);
                try
                {
                    await _process(item, _stopping.Token);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: what is left is rebuilt from the next list anyway.
            }
            catch (Exception ex)
            {
                _onUnhandled(item, ex);
            }
            finally
            {
                Completed();
            }
        }
    }

    private void Completed()
    {
        lock (_lock)
        {
            if (--_outstanding == 0 && _idle is not null)
            {
                _idle.TrySetResult();
                _idle = null;
            }
        }
    }
}
