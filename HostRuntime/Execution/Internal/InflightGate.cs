namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// Counts invocations in flight so a stopping workload can wait for them before it frees the compiled code they
/// run; once closed, no new invocation enters.
/// </summary>
internal sealed class InflightGate
{
    private readonly Lock _lock = new();
    private int _count;
    private bool _closed;
    private TaskCompletionSource? _drained;

    /// <summary>Invocations in flight now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            if (--_count == 0 && _closed)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>Refuses new entries and completes when the last invocation has left.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }
}
