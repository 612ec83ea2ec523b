using System.Collections.Concurrent;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Fakes;

/// <summary>
/// The real validating executor, except for workload IDs a test has scripted: those block until released (a slow
/// image pull) or fail as told. Records which workloads were stopped.
/// </summary>
public sealed class ScriptedWorkloadExecutor : IWorkloadExecutor
{
    private readonly ValidatingWorkloadExecutor _inner = new();
    private readonly ConcurrentDictionary<string, HeldStart> _held = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _stopped = new();

    /// <summary>The next start of <paramref name="workloadId"/> blocks until the returned handle is released.</summary>
    public HeldStart Hold(string workloadId) => _held[workloadId] = new HeldStart();

    /// <summary>Completes when the workload's running instance has been stopped.</summary>
    public Task Stopped(string workloadId) => StoppedSource(workloadId).Task;

    public async Task<IRunningWorkload> StartAsync(WorkloadStartRequest request, CancellationToken cancellationToken)
    {
        if (_held.TryRemove(request.WorkloadId, out var held))
        {
            held.Entered.TrySetResult();
            await held.Outcome.Task.WaitAsync(cancellationToken);
        }

        var running = await _inner.StartAsync(request, cancellationToken);
        return new TrackedWorkload(running.ComponentCount, StoppedSource(request.WorkloadId));
    }

    private TaskCompletionSource StoppedSource(string workloadId) =>
        _stopped.GetOrAdd(workloadId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public sealed class HeldStart
    {
        /// <summary>Completes when the executor has begun this start and is blocked in it.</summary>
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Outcome.TrySetResult();

        public void Fail(Exception exception) => Outcome.TrySetException(exception);
    }

    private sealed class TrackedWorkload(int componentCount, TaskCompletionSource stopped) : IRunningWorkload
    {
        public int ComponentCount { get; } = componentCount;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            stopped.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
