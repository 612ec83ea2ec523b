using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.State;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;

namespace Wasmcloud.Grains.Endpoints;

/// <summary>
/// Keeps the EndpointSlice of one Service (key "namespace/service") listing the pod IPs of the hosts that run a
/// Ready replica of a workload naming that Service (reference §6). One port named <c>http</c>; deleted when nothing
/// is ready. Recomputed on a timer turn after any change, so a burst of workload events costs one write.
/// </summary>
public sealed partial class ServiceEndpointsGrain : Grain, IServiceEndpointsGrain
{
    private readonly IResourceStore _store;
    private readonly SharedLists _lists;
    private readonly OperatorClock _clock;
    private readonly OperatorOptions _options;
    private readonly ILogger<ServiceEndpointsGrain> _logger;
    private readonly Dictionary<string, Workload> _workloads = [];
    private readonly List<Decision> _decisions = [];
    private IGrainTimer? _timer;
    private bool _loaded;
    private EndpointSlice? _lastSlice;

    public ServiceEndpointsGrain(
        IResourceStore store, SharedLists lists, OperatorClock clock, IOptions<OperatorOptions> options, ILogger<ServiceEndpointsGrain> logger)
    {
        _store = store;
        _lists = lists;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    private string Namespace => ObjectKey.Parse(this.GetPrimaryKeyString()).Namespace;

    private string ServiceName => ObjectKey.Parse(this.GetPrimaryKeyString()).Name;

    public Task WorkloadChanged(Workload workload)
    {
        _workloads[workload.Name] = workload;
        ScheduleRecompute();
        return Task.CompletedTask;
    }

    public Task WorkloadRemoved(string workloadName)
    {
        _workloads.Remove(workloadName);
        ScheduleRecompute();
        return Task.CompletedTask;
    }

    public Task Refresh()
    {
        ScheduleRecompute();
        return Task.CompletedTask;
    }

    public Task<ReconcilerSnapshot> GetState() => Task.FromResult(new ReconcilerSnapshot
    {
        Kind = nameof(EndpointSlice),
        Key = this.GetPrimaryKeyString(),
        Object = _lastSlice is null ? null : ModelJson.CloneObject(_lastSlice),
        Decisions = [.. _decisions],
        Children = [.. _workloads.Keys.Order()],
    });

    private void ScheduleRecompute()
    {
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(RecomputeAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RecomputeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RecomputeCoreAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecomputeFailed(_logger, this.GetPrimaryKeyString(), ex);
            _timer?.Change(_options.RetryBaseDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RecomputeCoreAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            var serviceName = ServiceName;
            foreach (var workload in await _lists.ListAsync<Workload>(Namespace, w => w.Spec.ServiceName == serviceName, cancellationToken))
            {
                _workloads.TryAdd(workload.Name, workload);
            }

            _loaded = true;
        }

        var sliceName = ObjectNames.EndpointSliceName(ServiceName);
        var service = await _store.GetAsync<Service>(Namespace, ServiceName, cancellationToken);
        if (service is null)
        {
            // The slice is owned by the Service, so garbage collection removes it with the Service.
            return;
        }

        var readyHosts = _workloads.Values
            .Where(w => !w.IsBeingDeleted && w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true && !string.IsNullOrEmpty(w.Status.HostId))
            .Select(w => w.Status!.HostId!)
            .ToHashSet();
        var hosts = readyHosts.Count == 0 ? [] : await _lists.ListAsync<Host>(_options.Namespace, h => readyHosts.Contains(h.HostId), cancellationToken);
        var endpoints = hosts
            .Where(h => readyHosts.Contains(h.HostId) && IsIPv4(h.Hostname) && h.HttpPort is > 0)
            .OrderBy(h => h.Hostname, StringComparer.Ordinal)
            .ToList();

        // A replica can be Ready on a host whose Host object is not written yet (placement follows heartbeats, the
        // object follows later), and Host changes do not reach this grain: look again soon instead of leaving that
        // host out until some replica changes.
        if (readyHosts.Any(id => !hosts.Any(h => h.HostId == id && !string.IsNullOrEmpty(h.Hostname) && h.HttpPort is > 0)))
        {
            _timer?.Change(_options.RetryBaseDelay, Timeout.InfiniteTimeSpan);
        }

        var existing = await _store.GetAsync<EndpointSlice>(Namespace, sliceName, cancellationToken);
        if (endpoints.Count == 0)
        {
            if (existing is not null)
            {
                await _store.DeleteAsync<EndpointSlice>(Namespace, sliceName, cancellationToken);
                Record("no ready replica; endpoint slice deleted");
            }

            _lastSlice = null;
            return;
        }

        var desired = KubeKind.Stamp(new EndpointSlice
        {
            Metadata = new ObjectMeta
            {
                Name = sliceName,
                Namespace = Namespace,
                Labels = new Dictionary<string, string>
                {
                    [WellKnown.ServiceNameLabel] = ServiceName,
                    [WellKnown.RouteManagerLabel] = "true",
                    [WellKnown.EndpointSliceManagedByLabel] = WellKnown.FieldManager,
                },
                OwnerReferences = [OwnerReference.ControllerOf(service)],
            },
            AddressType = "IPv4",
            Endpoints = [.. endpoints.Select(h => h.Hostname!).Distinct().Select(ip => new SliceEndpoint
            {
                Addresses = [ip],
                Conditions = new SliceEndpointConditions { Ready = true, Serving = true },
            })],
            Ports = [new SlicePort { Name = "http", Port = (int)endpoints[0].HttpPort!.Value, Protocol = "TCP" }],
        });

        if (existing is null)
        {
            _lastSlice = await _store.CreateAsync(desired, cancellationToken);
            Record($"endpoint slice created with {desired.Endpoints.Count} endpoint(s)");
        }
        else if (!SameContent(existing, desired))
        {
            existing.Endpoints = desired.Endpoints;
            existing.Ports = desired.Ports;
            existing.AddressType = desired.AddressType;
            existing.Metadata.Labels = desired.Metadata.Labels;
            existing.Metadata.OwnerReferences = desired.Metadata.OwnerReferences;
            _lastSlice = await _store.UpdateAsync(existing, cancellationToken);
            Record($"endpoint slice updated to {desired.Endpoints.Count} endpoint(s)");
        }
        else
        {
            _lastSlice = existing;
        }
    }

    private void Record(string message)
    {
        _decisions.Insert(0, new Decision(_clock.Now, "EndpointSlice", message));
        if (_decisions.Count > 25)
        {
            _decisions.RemoveAt(_decisions.Count - 1);
        }
    }

    private static bool SameContent(EndpointSlice a, EndpointSlice b) =>
        System.Text.Json.JsonSerializer.Serialize(new object[] { a.Endpoints, a.Ports, a.AddressType, a.Metadata.Labels ?? [] }, ModelJson.Options)
        == System.Text.Json.JsonSerializer.Serialize(new object[] { b.Endpoints, b.Ports, b.AddressType, b.Metadata.Labels ?? [] }, ModelJson.Options);

    private static bool IsIPv4(string? hostname) =>
        IPAddress.TryParse(hostname, out var address) && address.AddressFamily == AddressFamily.InterNetwork;

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Updating the endpoint slice of {Service} failed; retrying")]
    private static partial void LogRecomputeFailed(ILogger logger, string service, Exception exception);
}
