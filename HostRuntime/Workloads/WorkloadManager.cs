using System.Collections.Concurrent;
using Wasmcloud.HostRuntime.Workloads.Internal;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Workloads;

/// <summary>
/// The workload table and the start/status/stop semantics of reference §4.4. Commands for different workload IDs
/// run concurrently; commands for one ID are serialised by that workload's gate, except status, which never waits.
/// </summary>
public sealed partial class WorkloadManager
{
    public const string StartedMessage = "Workload started successfully";
    public const string StoppedMessage = "Workload stopped successfully";

    private readonly ConcurrentDictionary<string, WorkloadEntry> _workloads = new(StringComparer.Ordinal);
    private readonly IWorkloadExecutor _executor;
    private readonly ILogger<WorkloadManager> _logger;

    public WorkloadManager(IWorkloadExecutor executor, ILogger<WorkloadManager> logger)
    {
        _executor = executor;
        _logger = logger;
    }

    /// <summary>Every known ID, whatever its state, as the reference counts them.</summary>
    public int WorkloadCount => _workloads.Count;

    public int ComponentCount => _workloads.Values.Sum(e => e.ComponentCount);

    public static string AlreadyExistsMessage(string workloadId) => $"Workload ID [{workloadId}] already exists";

    public static string NotFoundMessage(string workloadId) => $"Workload not found: {workloadId}";

    /// <summary>
    /// Reserves the ID, runs the executor and answers once the outcome is known. A known ID in any state is answered
    /// "already exists" at once, which makes a replayed start idempotent.
    /// </summary>
    public async Task<WorkloadStatus> StartAsync(WorkloadStartRequest request, CancellationToken cancellationToken)
    {
        var id = request.WorkloadId;
        var entry = new WorkloadEntry(id);
        if (!_workloads.TryAdd(id, entry))
        {
            LogAlreadyExists(id);
            return Status(id, WorkloadState.Error, AlreadyExistsMessage(id));
        }

        LogStarting(id, request.Workload?.Namespace, request.Workload?.Name);
        try
        {
            var running = await _executor.StartAsync(request, cancellationToken);
            entry.MarkRunning(running);
            LogStarted(id);
            _ = ObserveFailureAsync(entry, running);
            return Status(id, WorkloadState.Running, StartedMessage);
        }
        catch (Exception e)
        {
            var message = e is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? "workload start was cancelled: the host is shutting down"
                : Describe(e);
            entry.MarkError(message);
            LogStartFailed(id, message);
            return Status(id, WorkloadState.Error, message);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The current state without waiting for any command in flight: STARTING while a start runs.</summary>
    public WorkloadStatus GetStatus(string workloadId)
    {
        if (!_workloads.TryGetValue(workloadId, out var entry))
        {
            return Status(workloadId, WorkloadState.NotFound, NotFoundMessage(workloadId));
        }

        var (state, message) = entry.Snapshot();
        return Status(workloadId, state, message);
    }

    /// <summary>
    /// Stops and forgets a workload. A stop that arrives during a start waits for it and then tears it down (the
    /// reference hands the teardown to the start and never answers); a failed workload is simply dropped.
    /// </summary>
    public async Task<WorkloadStatus> StopAsync(string workloadId, CancellationToken cancellationToken)
    {
        if (!_workloads.TryGetValue(workloadId, out var entry))
        {
            return Status(workloadId, WorkloadState.NotFound, NotFoundMessage(workloadId));
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!_workloads.TryGetValue(workloadId, out var current) || !ReferenceEquals(current, entry))
            {
                // Another stop got here first.
                return Status(workloadId, WorkloadState.NotFound, NotFoundMessage(workloadId));
            }

            entry.MarkStopping();
            if (entry.Running is { } running)
            {
                try
                {
                    await running.StopAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Forget it anyway: keeping a half-stopped entry would only block a retry with the same ID.
                    LogStopFailed(workloadId, Describe(e));
                }
            }

            _workloads.TryRemove(new KeyValuePair<string, WorkloadEntry>(workloadId, entry));
            LogStopped(workloadId);
            return Status(workloadId, WorkloadState.Stopping, StoppedMessage);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Stops every workload, concurrently; for host shutdown.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        var ids = _workloads.Keys.ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        LogStoppingAll(ids.Length);
        await Task.WhenAll(ids.Select(id => StopAsync(id, cancellationToken)));
    }

    /// <summary>Turns a running workload's later failure into ERROR, unless a stop got there first.</summary>
    private async Task ObserveFailureAsync(WorkloadEntry entry, IRunningWorkload running)
    {
        string reason;
        try
        {
            reason = await running.Failure;
        }
        catch (Exception e)
        {
            reason = Describe(e);
        }

        if (entry.MarkFailed(reason))
        {
            LogFailedWhileRunning(entry.WorkloadId, reason);
        }
    }

    /// <summary>The whole cause chain, outermost first, like anyhow's <c>{:#}</c> in the reference.</summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException { InnerExceptions.Count: > 1 } aggregate)
            {
                parts.Add(string.Join("; ", aggregate.InnerExceptions.Select(Describe)));
                break;
            }

            if (e is not AggregateException && !parts.Contains(e.Message))
            {
                parts.Add(e.Message);
            }
        }

        return string.Join(": ", parts);
    }

    private static WorkloadStatus Status(string id, WorkloadState state, string message) =>
        new() { WorkloadId = id, WorkloadState = state, Message = message };
}
