using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.Scheduling;
using Wasmcloud.Grains.Options;

namespace Wasmcloud.Grains.Scheduling;

/// <summary>
/// Owns the host inventory and every placement decision, so decisions see each other (spread and capacity stay
/// right under a burst). Its state is a cache: on activation it is rebuilt from Host and Workload objects.
/// It calls no other grain, so any grain may call it without risking a call cycle.
/// </summary>
public sealed partial class SchedulerGrain : Grain, ISchedulerGrain
{
    private readonly IResourceStore _store;
    private readonly WatchScope _scope;
    private readonly OperatorOptions _options;
    private readonly ILogger<SchedulerGrain> _logger;
    private readonly PlacementEngine _engine;
    private readonly Dictionary<string, PlacementRequest> _waiting = [];
    private long _decisions;

    public SchedulerGrain(IResourceStore store, WatchScope scope, IOptions<OperatorOptions> options, ILogger<SchedulerGrain> logger)
    {
        _store = store;
        _scope = scope;
        _options = options.Value;
        _logger = logger;
        _engine = new PlacementEngine(_options.SchedulerSeed);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var host in await _store.ListAsync<Host>(_options.Namespace, cancellationToken: cancellationToken))
        {
            if (host.IsBeingDeleted)
            {
                continue;
            }

            _engine.UpsertHost(new HostInventoryEntry
            {
                HostId = host.HostId,
                Name = host.Name,
                Labels = host.Metadata.Labels ?? [],
                Environment = host.Environment,
                Ready = host.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true,
                MemoryFreeBytes = host.Status?.SystemMemoryFree ?? 0,
                MemoryTotalBytes = host.Status?.SystemMemoryTotal ?? 0,
                ReportedWorkloads = host.Status?.WorkloadCount ?? 0,
            });
        }

        var hosts = _engine.Snapshot().Hosts.Count;
        var assigned = 0;
        // The watched namespaces, not the cluster: with watchNamespaces the operator is granted only those.
        foreach (var workload in await _scope.ListAsync<Workload>(_store, cancellationToken))
        {
            if (workload.Status?.HostId is { Length: > 0 } hostId && !workload.IsBeingDeleted)
            {
                var owner = workload.Metadata.ControllerOwner;
                _engine.Assign(workload.Key, hostId, owner is null ? null : ObjectKey.Of(workload.Namespace, owner.Name), 0);
                assigned++;
            }
        }

        LogRebuilt(_logger, hosts, assigned);
    }

    public Task<PlacementDecision> Place(PlacementRequest request)
    {
        _decisions++;
        var decision = _engine.Place(request);
        if (decision.Placed)
        {
            _waiting.Remove(request.WorkloadKey);
        }
        else
        {
            _waiting[request.WorkloadKey] = request;
        }

        return Task.FromResult(decision);
    }

    public Task Release(string workloadKey)
    {
        _engine.Release(workloadKey);
        _waiting.Remove(workloadKey);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> UpdateHost(HostInventoryEntry host)
    {
        _engine.UpsertHost(host);
        if (!host.Ready || _waiting.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        IReadOnlyList<string> fits = [.. _waiting.Values.Where(r => Fits(r, host)).Select(r => r.WorkloadKey)];
        return Task.FromResult(fits);
    }

    public Task<IReadOnlyList<string>> RemoveHost(string hostId) => Task.FromResult(_engine.RemoveHost(hostId));

    public Task<SchedulerSnapshot> GetState()
    {
        var snapshot = _engine.Snapshot();
        return Task.FromResult(snapshot with { Decisions = _decisions });
    }

    private static bool Fits(PlacementRequest request, HostInventoryEntry host) =>
        (request.Environment is null || request.Environment == host.Environment)
        && request.HostSelector.All(s => host.Labels.TryGetValue(s.Key, out var value) && value == s.Value);

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Scheduler rebuilt from the store: {Hosts} hosts, {Workloads} placed workloads")]
    private static partial void LogRebuilt(ILogger logger, int hosts, int workloads);
}
