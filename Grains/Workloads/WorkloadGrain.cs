using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.Scheduling;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;
using Wasmcloud.Grains.Telemetry;
using Wasmcloud.Grains.Validation;

namespace Wasmcloud.Grains.Workloads;

/// <summary>
/// Places one Workload and keeps it running. Conditions in the reference's order: Config, HostSelection,
/// Placement, Sync, Ready. Unlike the reference it never waits a fixed minute for a known cause: a refused
/// start, a lost workload or a dead host lead straight to a new placement elsewhere, with backoff only while
/// nothing fits.
/// </summary>
public sealed partial class WorkloadGrain : ReconcilerGrain<Workload>, IWorkloadGrain
{
    private const int UnreachableStartsBeforeMoving = 3;

    private readonly IHostClient _hosts;
    private readonly Dictionary<string, DateTimeOffset> _avoidedHosts = [];
    private (string HostId, string Reason)? _pendingEviction;
    private (string HostId, CancellationTokenSource Cancellation)? _startingOn;
    private int _unreachableStarts;
    private ISchedulerGrain? _scheduler;

    public WorkloadGrain(IResourceStore store, IHostClient hosts, OperatorClock clock, IOptions<OperatorOptions> options, ILogger<WorkloadGrain> logger)
        : base(store, clock, options, logger)
    {
        _hosts = hosts;
    }

    protected override void CopyStatus(Workload from, Workload to) => to.Status = from.Status;

    protected override TimeSpan SteadyInterval => Options.WorkloadReconcileInterval;

    protected override string? CensusState => Observed is null ? null : WorkloadStates.Of(Observed);

    // Kept: making a grain reference costs Orleans a new proxy each time, and every pass talks to the scheduler.
    private ISchedulerGrain Scheduler => _scheduler ??= GrainFactory.GetGrain<ISchedulerGrain>(Options.Namespace);

    public Task Upsert(Workload workload) => AcceptAsync(workload);

    public async Task Remove()
    {
        await Scheduler.Release(Key);
        await ForgetAsync();
    }

    public Task HostLost(string hostId, string reason)
    {
        // Runs interleaved with a reconcile pass: it only records the news and cancels a start waiting on that host.
        if (_startingOn is { HostId: var starting, Cancellation: var cancellation } && starting == hostId)
        {
            _pendingEviction = (hostId, reason);
            cancellation.Cancel();
        }
        else if (Observed?.Status?.HostId == hostId)
        {
            _pendingEviction = (hostId, reason);
            ScheduleReconcile(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public Task RetryPlacement()
    {
        if (Observed is { Status.HostId: null or "" })
        {
            ScheduleReconcile(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    protected override async Task<ReconcileResult> ReconcileAsync(Workload observed, CancellationToken cancellationToken)
    {
        if (observed.IsBeingDeleted)
        {
            return await FinalizeAsync(observed, cancellationToken);
        }

        observed = await EnsureFinalizerAsync(observed, WellKnown.WorkloadFinalizer, cancellationToken);
        var next = Clone(observed);
        next.Status ??= new WorkloadStatus();
        var result = await EvaluateAsync(next, cancellationToken);
        await WriteStatusIfChangedAsync(Observed ?? observed, next, w => w.Status, cancellationToken);
        return result;
    }

    private async Task<ReconcileResult> EvaluateAsync(Workload workload, CancellationToken cancellationToken)
    {
        var status = workload.Status!;
        var now = Clock.Now;

        if (_pendingEviction is { } eviction)
        {
            _pendingEviction = null;
            if (status.HostId == eviction.HostId)
            {
                await EvictAsync(workload, eviction.HostId, Reasons.HostLost, $"host {eviction.HostId} was lost ({eviction.Reason}); placing again");
            }
        }

        var errors = WorkloadSpecValidator.Validate(workload.Spec);
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors);
            if (status.Conditions.Find(ConditionTypes.Config)?.Message != message)
            {
                await EmitEventAsync(workload, EventTypes.Warning, Reasons.InvalidSpec, message);
            }

            SetFrom(workload, ConditionTypes.Config, ConditionStatus.False, Reasons.InvalidSpec, message);
            return ReconcileResult.Done;
        }

        if (string.IsNullOrEmpty(status.HostId))
        {
            var missing = await StartCommandBuilder.FindMissingReferencesAsync(workload, Store, cancellationToken);
            if (missing.Count > 0)
            {
                SetFrom(workload, ConditionTypes.Config, ConditionStatus.False, Reasons.MissingConfig, $"not found: {string.Join(", ", missing)}");
                return ReconcileResult.Retry("waiting for configuration");
            }

            status.Conditions.Set(Available(workload, ConditionTypes.Config), now);
            var selection = await SelectHostAsync(workload);
            if (selection is not null)
            {
                return selection.Value;
            }
        }
        else if (status.Conditions.Find(ConditionTypes.Config) is null)
        {
            status.Conditions.Set(Available(workload, ConditionTypes.Config), now);
        }

        bool justStarted = false;
        if (string.IsNullOrEmpty(status.WorkloadId))
        {
            var started = await StartAsync(workload, cancellationToken);
            if (started is not null)
            {
                return started.Value;
            }

            justStarted = true;
        }

        return await SyncAsync(workload, skipPoll: justStarted && status.Conditions.IsTrue(ConditionTypes.Sync), cancellationToken);
    }

    /// <summary>Chooses a host; returns a result when the pass must stop here.</summary>
    private async Task<ReconcileResult?> SelectHostAsync(Workload workload)
    {
        var status = workload.Status!;
        var spec = workload.Spec;
        if (!string.IsNullOrEmpty(spec.HostId))
        {
            // Pinned: used as-is, as the reference does; readiness is the host's business.
            status.HostId = spec.HostId;
            status.Environment = spec.Environment;
            SetAvailable(workload, ConditionTypes.HostSelection, $"pinned to host {spec.HostId}");
            RecordDecision(Reasons.Placed, $"pinned to host {spec.HostId} by spec.hostId");
            return null;
        }

        var (environment, rejection) = EnvironmentFilter(workload);
        if (rejection is not null)
        {
            if (status.Conditions.Find(ConditionTypes.HostSelection)?.Reason != Reasons.CrossEnvironmentSchedulingDenied)
            {
                await EmitEventAsync(workload, EventTypes.Warning, Reasons.CrossEnvironmentSchedulingDenied, rejection, Reasons.Rejected);
            }

            SetFrom(workload, ConditionTypes.HostSelection, ConditionStatus.False, Reasons.CrossEnvironmentSchedulingDenied, rejection);
            return ReconcileResult.Done;
        }

        var now = Clock.Now;
        foreach (var expired in _avoidedHosts.Where(p => p.Value <= now).Select(p => p.Key).ToList())
        {
            _avoidedHosts.Remove(expired);
        }

        var decision = await Scheduler.Place(new PlacementRequest
        {
            WorkloadKey = Key,
            SpreadGroup = workload.Metadata.ControllerOwner is { } owner ? ObjectKey.Of(workload.Namespace, owner.Name) : null,
            HostSelector = spec.HostSelector ?? [],
            Environment = environment,
            AvoidHosts = [.. _avoidedHosts.Keys],
            MemoryBytes = Options.WorkloadMemoryEstimateBytes,
        });

        if (!decision.Placed)
        {
            if (status.Conditions.Find(ConditionTypes.HostSelection)?.Message != decision.Explanation)
            {
                await EmitEventAsync(workload, EventTypes.Warning, Reasons.NoSuitableHost, decision.Explanation);
            }

            SetFrom(workload, ConditionTypes.HostSelection, ConditionStatus.False, Reasons.NoSuitableHost, decision.Explanation);
            return ReconcileResult.Retry(decision.Explanation);
        }

        status.HostId = decision.HostId;
        status.Environment = decision.HostEnvironment;
        SetAvailable(workload, ConditionTypes.HostSelection, decision.Explanation);
        await EmitEventAsync(workload, EventTypes.Normal, Reasons.Placed, decision.Explanation);
        return null;
    }

    /// <summary>The environment table of reference §3.4: which environment to filter on, or why the workload is rejected.</summary>
    private (string? Environment, string? Rejection) EnvironmentFilter(Workload workload)
    {
        var requested = workload.Spec.Environment;
        var ns = workload.Namespace;
        if (string.IsNullOrEmpty(requested))
        {
            return (Options.AllowSharedHosts ? null : ns, null);
        }

        if (requested == ns || Options.AllowSharedHosts)
        {
            return (requested, null);
        }

        return (null, $"workload in namespace \"{ns}\" asks for environment \"{requested}\", and shared hosts are not allowed");
    }

    private async Task<ReconcileResult?> StartAsync(Workload workload, CancellationToken cancellationToken)
    {
        var status = workload.Status!;
        var hostId = status.HostId!;
        var command = await StartCommandBuilder.BuildAsync(workload, Store, cancellationToken);

        // A start waits for the image pull (up to a minute); say where it is happening while it does.
        SetFrom(workload, ConditionTypes.Placement, ConditionStatus.Unknown, Reasons.Starting, $"starting on host {hostId}");
        await PersistProgressAsync(workload, cancellationToken);

        HostWorkloadResult result;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _startingOn = (hostId, cancellation);
        try
        {
            result = await _hosts.StartWorkloadAsync(hostId, command, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reason = _pendingEviction?.Reason ?? "host lost";
            _pendingEviction = null;
            await EvictAsync(workload, hostId, Reasons.HostLost, $"host {hostId} was lost while starting the workload ({reason}); placing again");
            return ReconcileResult.Immediately;
        }
        catch (HostUnreachableException ex)
        {
            _unreachableStarts++;
            if (_unreachableStarts >= UnreachableStartsBeforeMoving)
            {
                _unreachableStarts = 0;
                await EvictAsync(workload, hostId, Reasons.StartFailed, $"host {hostId} did not answer {UnreachableStartsBeforeMoving} start requests; placing elsewhere");
                return ReconcileResult.Immediately;
            }

            SetFrom(workload, ConditionTypes.Placement, ConditionStatus.Unknown, Reasons.StartFailed, $"host {hostId} did not answer: {ex.Message}");
            return ReconcileResult.Retry(ex.Message);
        }

        finally
        {
            _startingOn = null;
        }

        _unreachableStarts = 0;
        var replayed = result.State == WorkloadState.Error && result.Message?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true;
        if (result.State == WorkloadState.Error && !replayed)
        {
            var message = $"host {hostId} refused the start: {result.Message}";
            LogStartRefused(Logger, Key, hostId, result.Message ?? "");
            await EmitEventAsync(workload, EventTypes.Warning, Reasons.StartFailed, message);
            await EvictAsync(workload, hostId, Reasons.StartFailed, message);
            await DiscardOnHostAsync(hostId, command.WorkloadId, cancellationToken);
            return ReconcileResult.Retry(message);
        }

        status.WorkloadId = command.WorkloadId;
        SetAvailable(workload, ConditionTypes.Placement, $"started on host {hostId}");
        await EmitEventAsync(workload, EventTypes.Normal, Reasons.Started, $"started on host {hostId} ({result.State})");
        if (result.IsOperational)
        {
            SetAvailable(workload, ConditionTypes.Sync);
        }

        return null;
    }

    private async Task<ReconcileResult> SyncAsync(Workload workload, bool skipPoll, CancellationToken cancellationToken)
    {
        var status = workload.Status!;
        var hostId = status.HostId!;
        if (!skipPoll)
        {
            HostWorkloadResult result;
            try
            {
                result = await _hosts.GetWorkloadStatusAsync(hostId, status.WorkloadId!, cancellationToken);
            }
            catch (HostUnreachableException ex)
            {
                // Whether the host is dead is the Host grain's call; it tells us through HostLost.
                SetFrom(workload, ConditionTypes.Sync, ConditionStatus.Unknown, Reasons.NotOperational, $"host {hostId} did not answer: {ex.Message}");
                return ReconcileResult.Retry(ex.Message);
            }

            switch (result.State)
            {
                case WorkloadState.Running or WorkloadState.Completed:
                    SetAvailable(workload, ConditionTypes.Sync);
                    break;
                case WorkloadState.Starting or WorkloadState.Unspecified:
                    SetFrom(workload, ConditionTypes.Sync, ConditionStatus.False, Reasons.Starting, $"workload is not operational: {StateName(result.State)}");
                    return ReconcileResult.After(Options.RetryBaseDelay);
                default:
                    var message = $"workload is not operational on host {hostId}: {StateName(result.State)}{(string.IsNullOrEmpty(result.Message) ? "" : $" ({result.Message})")}";
                    var workloadId = status.WorkloadId!;
                    await EmitEventAsync(workload, EventTypes.Warning, Reasons.NotOperational, message);
                    await EvictAsync(workload, hostId, Reasons.NotOperational, message);
                    await DiscardOnHostAsync(hostId, workloadId, cancellationToken);
                    return ReconcileResult.Immediately;
            }
        }

        SetAvailable(workload, ConditionTypes.Ready);
        return ReconcileResult.Done;
    }

    /// <summary>Writes the status as it stands mid-pass, and carries the new resourceVersion on for the pass's final write.</summary>
    private async Task PersistProgressAsync(Workload workload, CancellationToken cancellationToken)
    {
        var stored = await WriteStatusIfChangedAsync(Observed!, workload, w => w.Status, cancellationToken);
        workload.Metadata.ResourceVersion = stored.Metadata.ResourceVersion;
    }

    /// <summary>Forgets the placement on a host, avoids that host for a while, and frees its slot in the scheduler.</summary>
    private async Task EvictAsync(Workload workload, string hostId, string reason, string message)
    {
        var status = workload.Status!;
        status.HostId = null;
        status.WorkloadId = null;
        status.Environment = null;
        _avoidedHosts[hostId] = Clock.Now + Options.AvoidHostFor;
        SetFrom(workload, ConditionTypes.Placement, ConditionStatus.False, reason, message);
        RecordDecision(reason, message);
        await Scheduler.Release(Key);
    }

    /// <summary>
    /// Makes a host forget a workload that failed there. The host keeps a failed start under its ID and answers a
    /// new start of that ID with "already exists" (reference §4.4), and the ID is the Workload's UID, which a retry
    /// keeps; without this, a retry on the same host would be taken for a running workload, found in ERROR, evicted
    /// and retried again at once, forever.
    /// </summary>
    private async Task DiscardOnHostAsync(string hostId, string workloadId, CancellationToken cancellationToken)
    {
        try
        {
            await _hosts.StopWorkloadAsync(hostId, workloadId, cancellationToken);
        }
        catch (HostUnreachableException ex)
        {
            // A host that went away has forgotten it anyway; one that comes back has its stale copies stopped by its host grain.
            LogDiscardFailed(Logger, Key, hostId, ex.Message);
        }
    }

    private async Task<ReconcileResult> FinalizeAsync(Workload workload, CancellationToken cancellationToken)
    {
        if (workload.Status is { HostId: { Length: > 0 } hostId, WorkloadId: { Length: > 0 } workloadId })
        {
            try
            {
                var result = await _hosts.StopWorkloadAsync(hostId, workloadId, cancellationToken);
                RecordDecision(Reasons.Stopped, $"stopped on host {hostId} ({StateName(result.State)})");
            }
            catch (HostUnreachableException ex)
            {
                // Like the reference we do not hold the object hostage to a dead host; the host grain stops orphans it meets again.
                await EmitEventAsync(workload, EventTypes.Warning, Reasons.StopFailed, $"host {hostId} did not answer the stop: {ex.Message}");
            }
        }

        await Scheduler.Release(Key);
        await ReleaseFinalizerAsync(workload, WellKnown.WorkloadFinalizer, cancellationToken);

        return ReconcileResult.Done;
    }

    private void SetAvailable(Workload workload, string type, string? message = null) =>
        workload.Status!.Conditions.Set(Available(workload, type, message), Clock.Now);

    /// <summary>Sets a condition and marks every later one as waiting on it, so the status never shows a stale True downstream.</summary>
    private void SetFrom(Workload workload, string type, string status, string reason, string message)
    {
        var conditions = workload.Status!.Conditions;
        var now = Clock.Now;
        conditions.Set(NewCondition(workload, type, status, reason, message), now);
        var order = ConditionTypes.Workload;
        for (var i = IndexOf(order, type) + 1; i < order.Count; i++)
        {
            var later = order[i];
            var laterStatus = later == ConditionTypes.Ready ? ConditionStatus.False : ConditionStatus.Unknown;
            conditions.Set(NewCondition(workload, later, laterStatus, reason, $"{type}: {message}"), now);
        }
    }

    private static int IndexOf(IReadOnlyList<string> order, string type)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == type)
            {
                return i;
            }
        }

        return -1;
    }

    private static string StateName(WorkloadState state) => state switch
    {
        WorkloadState.Unspecified => "UNSPECIFIED",
        WorkloadState.Starting => "STARTING",
        WorkloadState.Running => "RUNNING",
        WorkloadState.Completed => "COMPLETED",
        WorkloadState.Stopping => "STOPPING",
        WorkloadState.Error => "ERROR",
        WorkloadState.NotFound => "NOT_FOUND",
        _ => state.ToString(),
    };

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Host {HostId} refused to start workload {Key}: {Reason}")]
    private static partial void LogStartRefused(ILogger logger, string key, string hostId, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Could not make host {HostId} forget the failed workload {Key}: {Reason}")]
    private static partial void LogDiscardFailed(ILogger logger, string key, string hostId, string reason);
}
