using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Workloads.Internal;

/// <summary>
/// One workload ID on this host. Its gate is held by whichever command is changing it (a start from reservation to
/// outcome, a stop from decision to removal), so commands for one ID run one at a time while other IDs proceed.
/// </summary>
internal sealed class WorkloadEntry(string workloadId)
{
    private readonly Lock _lock = new();
    private WorkloadState _state = WorkloadState.Starting;
    private string _message = "";

    public string WorkloadId { get; } = workloadId;

    /// <summary>Created held: the reserving start owns it until the outcome is known.</summary>
    public SemaphoreSlim Gate { get; } = new(0, 1);

    public IRunningWorkload? Running { get; private set; }

    public int ComponentCount
    {
        get
        {
            lock (_lock)
            {
                return _state == WorkloadState.Running ? Running?.ComponentCount ?? 0 : 0;
            }
        }
    }

    public (WorkloadState State, string Message) Snapshot()
    {
        lock (_lock)
        {
            return (_state, _message);
        }
    }

    public void MarkRunning(IRunningWorkload running)
    {
        lock (_lock)
        {
            Running = running;
            _state = WorkloadState.Running;
            _message = "";
        }
    }

    public void MarkError(string message)
    {
        lock (_lock)
        {
            _state = WorkloadState.Error;
            _message = message;
        }
    }

    /// <summary>A running workload failed on its own; false when it is no longer running (stopping, say).</summary>
    public bool MarkFailed(string message)
    {
        lock (_lock)
        {
            if (_state != WorkloadState.Running)
            {
                return false;
            }

            _state = WorkloadState.Error;
            _message = message;
            return true;
        }
    }

    public void MarkStopping()
    {
        lock (_lock)
        {
            _state = WorkloadState.Stopping;
        }
    }
}
