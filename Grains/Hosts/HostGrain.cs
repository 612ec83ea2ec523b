using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.Scheduling;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;

namespace Wasmcloud.Grains.Hosts;

/// <summary>
/// One host, keyed by hostId. Heartbeats keep its Host object and status current. When beats stop it is probed;
/// if the probe fails too (and our own NATS connection has been up long enough to know), it goes Unknown and its
/// workloads are placed elsewhere at once; after the TTL it goes False and its Host object is deleted.
/// Workloads moved away while it was silent are stopped there if it comes back.
/// </summary>
public sealed partial class HostGrain : ReconcilerGrain<Host>, IHostGrain
{
    private readonly IHostClient _hosts;
    private readonly SharedLists _lists;
    private readonly Dictionary<string, string> _evictedWorkloads = [];
    private HostHeartbeat? _heartbeat;
    private DateTimeOffset? _lastSeen;
    private bool _evicted;
    private string? _deletedPod;
    private bool? _publishedReady;
    private ISchedulerGrain? _scheduler;

    public HostGrain(
        IResourceStore store, IHostClient hosts, SharedLists lists, OperatorClock clock, IOptions<OperatorOptions> options, ILogger<HostGrain> logger)
        : base(store, clock, options, logger)
    {
        _hosts = hosts;
        _lists = lists;
    }

    protected override void CopyStatus(Host from, Host to) => to.Status = from.Status;

    protected override TimeSpan SteadyInterval => Options.ReconcileInterval;

    protected override string? CensusState => _publishedReady switch
    {
        true => "true",
        false => "false",
        null => null,
    };

    // Kept: making a grain reference costs Orleans a new proxy each time, and every pass talks to the scheduler.
    private ISchedulerGrain Scheduler => _scheduler ??= GrainFactory.GetGrain<ISchedulerGrain>(Options.Namespace);

    protected override IReadOnlyList<string> Children => [.. _evictedWorkloads.Keys.Select(k => $"evicted: {k}")];

    /// <summary>Host objects are named after the friendly name, not the hostId, so finding ours takes a (filtered) list.</summary>
    protected override async Task<Host?> LoadAsync(CancellationToken cancellationToken)
    {
        var hostId = Key;
        var hosts = await _lists.ListAsync<Host>(Options.Namespace, h => h.HostId == hostId, cancellationToken);
        return hosts.Count > 0 ? hosts[0] : null;
    }

    public async Task Heartbeat(HostHeartbeat heartbeat)
    {
        if (_deletedPod is not null)
        {
            // A terminating host may beat a few more times; host ids are new on every start, so this one is done.
            return;
        }

        _heartbeat = heartbeat;
        _lastSeen = Clock.Now;
        var desired = Desired(heartbeat);
        if (Observed is null || Observed.IsBeingDeleted)
        {
            Host stored;
            try
            {
                stored = await Store.CreateAsync(desired);
                LogHostRegistered(Logger, heartbeat.FriendlyName, Key);
            }
            catch (ResourceConflictException)
            {
                // Same friendly name already registered (a restart, or a silo that lost its activation): take it over.
                stored = await Store.MutateAsync<Host>(Options.Namespace, desired.Name, h => CopyRoot(desired, h), status: false)
                    ?? throw new ResourceNotFoundException($"host {desired.Name} vanished while registering");
            }

            await AcceptAsync(stored);
            return;
        }

        if (!SameRoot(desired, Observed))
        {
            var updated = Clone(Observed);
            CopyRoot(desired, updated);
            await AcceptAsync(await Store.UpdateAsync(updated));
            return;
        }

        ScheduleReconcile(TimeSpan.Zero);
    }

    public Task Upsert(Host host) => AcceptAsync(host);

    public async Task Remove()
    {
        await EvictAsync("its Host object was deleted");
        await PublishAsync(ready: false);
        // After a pod deletion the activation stays (idle collection ends it once the beats stop), so a beat still in
        // flight from the terminating host meets the grain that knows to ignore it rather than recreating the Host.
        await ForgetAsync(deactivate: _deletedPod is null);
    }

    public async Task PodDeleted(string pod)
    {
        if (_deletedPod is not null)
        {
            return;
        }

        _deletedPod = pod;
        var host = Observed;
        var name = host?.Name ?? _heartbeat?.FriendlyName ?? Key;
        if (host is not null)
        {
            await EmitEventAsync(host, EventTypes.Warning, Reasons.HostPodDeleted,
                $"host pod {pod} is being deleted: host {name} ({Key}) is removed and its workloads are placed elsewhere");
        }

        await EvictAsync($"its pod {pod} is being deleted");
        await PublishAsync(ready: false);
        LogPodDeleted(Logger, name, Key, pod);
        if (host is not null)
        {
            await Store.DeleteAsync<Host>(host.Namespace, host.Name);
        }
    }

    protected override async Task<ReconcileResult> ReconcileAsync(Host observed, CancellationToken cancellationToken)
    {
        if (observed.IsBeingDeleted)
        {
            await EvictAsync("its Host object is being deleted");
            await ReleaseFinalizerAsync(observed, WellKnown.HostFinalizer, cancellationToken);

            return ReconcileResult.Done;
        }

        if (_deletedPod is not null)
        {
            // The pod is going, though it may still answer a probe: never ready again. Retries a failed delete.
            await Store.DeleteAsync<Host>(observed.Namespace, observed.Name, cancellationToken);
            return ReconcileResult.Done;
        }

        var now = Clock.Now;
        _lastSeen ??= observed.Status?.LastSeen ?? observed.Metadata.CreationTimestamp ?? now;
        if (now - _lastSeen > Options.MissedHeartbeatGrace && await _hosts.ProbeAsync(Key, cancellationToken) is { } probed)
        {
            _heartbeat = probed;
            _lastSeen = now;
        }

        var next = Clone(observed);
        var status = next.Status ??= new HostStatus();
        if (_heartbeat is { } heartbeat)
        {
            CopyHeartbeat(heartbeat, status);
        }

        status.LastSeen = _lastSeen;
        var silentFor = now - _lastSeen.Value;
        var result = ReconcileResult.After(Options.HealthCheckPeriod);
        bool ready;
        if (silentFor <= Options.MissedHeartbeatGrace)
        {
            ready = true;
            status.Conditions.Set(Available(next, ConditionTypes.Reporting), now);
            status.Conditions.Set(Available(next, ConditionTypes.Ready), now);
            if (_evicted)
            {
                await ReturnFromSilenceAsync(next);
            }
        }
        else if (!OwnConnectionTrustworthy(now))
        {
            // Reference §3.5: an operator that lost NATS must not take every host for dead.
            ready = _publishedReady ?? true;
            status.Conditions.Set(NewCondition(next, ConditionTypes.Ready, ConditionStatus.Unknown, Reasons.HeartbeatMissed,
                "no heartbeat, but the operator's own NATS connection is not established long enough to judge"), now);
        }
        else
        {
            ready = false;
            var seen = $"last seen {silentFor.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ago";
            status.Conditions.Set(NewCondition(next, ConditionTypes.Reporting, ConditionStatus.False, Reasons.HeartbeatMissed, $"no heartbeat and no answer to a probe; {seen}"), now);
            if (silentFor < Options.HostTtl)
            {
                status.Conditions.Set(NewCondition(next, ConditionTypes.Ready, ConditionStatus.Unknown, Reasons.HeartbeatMissed, seen), now);
            }
            else
            {
                status.Conditions.Set(NewCondition(next, ConditionTypes.Ready, ConditionStatus.False, Reasons.HostExpired, $"{seen}; the host is deleted"), now);
                result = ReconcileResult.Done;
            }

            if (!_evicted)
            {
                await EmitEventAsync(next, EventTypes.Warning, Reasons.HostNotReady, $"host {next.Name} ({Key}) is not reporting ({seen}); its workloads are placed elsewhere");
                await EvictAsync($"host not reporting, {seen}");
            }
        }

        await WriteStatusIfChangedAsync(observed, next, h => h.Status, cancellationToken);
        await PublishAsync(ready);
        if (result.Next == ReconcileNext.Done)
        {
            LogHostExpired(Logger, observed.Name, Key);
            await Store.DeleteAsync<Host>(observed.Namespace, observed.Name, cancellationToken);
        }

        return result;
    }

    private bool OwnConnectionTrustworthy(DateTimeOffset now) =>
        _hosts.ConnectedSince is { } since && now - since >= Options.MissedHeartbeatGrace;

    /// <summary>Moves every workload off this host, remembering them so they can be stopped here if it returns.</summary>
    private async Task EvictAsync(string reason)
    {
        if (_evicted)
        {
            return;
        }

        _evicted = true;
        var workloads = await Scheduler.RemoveHost(Key);
        _publishedReady = false;
        foreach (var key in workloads)
        {
            var (ns, name) = ObjectKey.Parse(key);
            if (await Store.GetAsync<Workload>(ns, name) is { Metadata.Uid: { } uid })
            {
                _evictedWorkloads[key] = uid;
            }

            await GrainFactory.GetGrain<IWorkloadGrain>(key).HostLost(Key, reason);
        }

        LogEvicted(Logger, Key, workloads.Count, reason);
    }

    /// <summary>The host answered again after its workloads moved away: stop the copies it may still run.</summary>
    private async Task ReturnFromSilenceAsync(Host host)
    {
        _evicted = false;
        foreach (var (key, workloadId) in _evictedWorkloads.ToList())
        {
            var (ns, name) = ObjectKey.Parse(key);
            var workload = await Store.GetAsync<Workload>(ns, name);
            if (workload?.Status?.HostId == Key)
            {
                continue;
            }

            try
            {
                await _hosts.StopWorkloadAsync(Key, workloadId);
                _evictedWorkloads.Remove(key);
            }
            catch (HostUnreachableException)
            {
            }
        }

        RecordDecision(Reasons.Available, $"host {host.Name} is reporting again");
    }

    private async Task PublishAsync(bool ready)
    {
        if (Observed is null && !ready)
        {
            await Scheduler.RemoveHost(Key);
            _publishedReady = false;
            return;
        }

        if (_publishedReady == false && !ready)
        {
            return;
        }

        var host = Observed;
        var heartbeat = _heartbeat;
        var waiting = await Scheduler.UpdateHost(new HostInventoryEntry
        {
            HostId = Key,
            Name = host?.Name ?? heartbeat?.FriendlyName ?? Key,
            Labels = host?.Metadata.Labels ?? heartbeat?.Labels.ToDictionary() ?? [],
            Environment = host?.Environment ?? heartbeat?.Environment,
            Ready = ready,
            MemoryFreeBytes = (long)(heartbeat?.SystemMemoryFree ?? (ulong)(host?.Status?.SystemMemoryFree ?? 0)),
            MemoryTotalBytes = (long)(heartbeat?.SystemMemoryTotal ?? (ulong)(host?.Status?.SystemMemoryTotal ?? 0)),
            CpuUsagePercent = heartbeat?.SystemCpuUsage ?? 0,
            ReportedWorkloads = (long)(heartbeat?.WorkloadCount ?? 0),
        });
        _publishedReady = ready;
        foreach (var key in waiting)
        {
            await GrainFactory.GetGrain<IWorkloadGrain>(key).RetryPlacement();
        }
    }

    private Host Desired(HostHeartbeat heartbeat) => KubeKind.Stamp(new Host
    {
        Metadata = new ObjectMeta
        {
            Name = heartbeat.FriendlyName,
            Namespace = Options.Namespace,
            Labels = heartbeat.Labels.ToDictionary(),
            Finalizers = [WellKnown.HostFinalizer],
        },
        HostId = heartbeat.Id,
        Hostname = heartbeat.Hostname,
        HttpPort = heartbeat.HttpPort,
        Environment = heartbeat.Environment,
    });

    private static bool SameRoot(Host desired, Host current) =>
        desired.HostId == current.HostId && desired.Hostname == current.Hostname && desired.HttpPort == current.HttpPort
        && desired.Environment == current.Environment && JsonEquals(desired.Metadata.Labels, current.Metadata.Labels)
        && current.Metadata.HasFinalizer(WellKnown.HostFinalizer);

    private static bool CopyRoot(Host desired, Host target)
    {
        if (SameRoot(desired, target))
        {
            return false;
        }

        target.HostId = desired.HostId;
        target.Hostname = desired.Hostname;
        target.HttpPort = desired.HttpPort;
        target.Environment = desired.Environment;
        target.Metadata.Labels = desired.Metadata.Labels;
        target.Metadata.Finalizers ??= [];
        if (!target.Metadata.Finalizers.Contains(WellKnown.HostFinalizer))
        {
            target.Metadata.Finalizers.Add(WellKnown.HostFinalizer);
        }

        return true;
    }

    private static void CopyHeartbeat(HostHeartbeat heartbeat, HostStatus status)
    {
        // The CRD requires these fields, so placeholders stand in for what a host leaves out.
        status.Version = string.IsNullOrEmpty(heartbeat.Version) ? "unknown" : heartbeat.Version;
        status.OsName = string.IsNullOrEmpty(heartbeat.OsName) ? "unknown" : heartbeat.OsName;
        status.OsArch = string.IsNullOrEmpty(heartbeat.OsArch) ? "unknown" : heartbeat.OsArch;
        status.OsKernel = string.IsNullOrEmpty(heartbeat.OsKernel) ? "unknown" : heartbeat.OsKernel;
        status.SystemCpuUsage = heartbeat.SystemCpuUsage.ToString("0.##", CultureInfo.InvariantCulture);
        status.SystemMemoryTotal = (long)heartbeat.SystemMemoryTotal;
        status.SystemMemoryFree = (long)heartbeat.SystemMemoryFree;
        status.ComponentCount = (long)heartbeat.ComponentCount;
        status.WorkloadCount = (long)heartbeat.WorkloadCount;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Host {Name} ({HostId}) registered")]
    private static partial void LogHostRegistered(ILogger logger, string name, string hostId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Host {HostId}: {Count} workloads placed elsewhere because {Reason}")]
    private static partial void LogEvicted(ILogger logger, string hostId, int count, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Host {Name} ({HostId}) is removed because its pod {Pod} is being deleted")]
    private static partial void LogPodDeleted(ILogger logger, string name, string hostId, string pod);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Host {Name} ({HostId}) expired and is deleted")]
    private static partial void LogHostExpired(ILogger logger, string name, string hostId);
}
