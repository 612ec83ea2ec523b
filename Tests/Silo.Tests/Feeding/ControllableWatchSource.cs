using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Tests.Feeding;

/// <summary>
/// Wraps a watch source so a test can hold new watches at a gate (to change the store while nobody watches)
/// and make the next watches fail.
/// </summary>
internal sealed class ControllableWatchSource(IResourceWatchSource inner) : IResourceWatchSource
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _gate = Open();
    private int _waiting;
    private int _failuresToInject;

    /// <summary>Watches currently held at the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void CloseGate()
    {
        lock (_lock)
        {
            if (_gate.Task.IsCompleted)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void OpenGate()
    {
        lock (_lock)
        {
            _gate.TrySetResult();
        }
    }

    public void FailNextWatches(int count) => Interlocked.Exchange(ref _failuresToInject, count);

    public Task<ResourceList> ListAsync(KubeKind kind, string? @namespace, CancellationToken cancellationToken) =>
        inner.ListAsync(kind, @namespace, cancellationToken);

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        KubeKind kind, string? @namespace, string fromResourceVersion, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Task gate;
        lock (_lock)
        {
            gate = _gate.Task;
        }

        if (!gate.IsCompleted)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        if (Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            throw new IOException("connection reset by test");
        }

        await foreach (var change in inner.WatchAsync(kind, @namespace, fromResourceVersion, cancellationToken))
        {
            yield return change;
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
