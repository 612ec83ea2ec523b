using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Feeding;

/// <summary>
/// Turns informer changes into grain calls: in order per object, concurrently across objects, retried with
/// backoff and logged when they fail. Returns to the informer at once so a slow grain never stalls a watch.
/// </summary>
public sealed partial class GrainDispatcher : IResourceEventHandler, IAsyncDisposable
{
    // Every dispatch slot writes these maps; the default (one lock per core) makes them queue on two locks.
    private const int ConcurrencyLevel = 64;

    private readonly IGrainFactory _grains;
    private readonly FeederOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyedWorkQueue<ResourceEvent> _queue;

    // The Service each Workload was last reported to, so a Workload that changes Service leaves the old one.
    private readonly ConcurrentDictionary<string, string> _workloadServices = new(ConcurrencyLevel, 1024, StringComparer.Ordinal);

    // Grain references by interface and key, reused until their object is deleted: Orleans builds a new proxy (its
    // argument copiers resolved through DI) for every GetGrain, and a rollout routes every change of every object.
    private readonly ConcurrentDictionary<(Type Interface, string Key), IAddressable> _references = new(ConcurrencyLevel, 1024);

    public GrainDispatcher(IGrainFactory grains, IOptions<FeederOptions> options, TimeProvider time, ILogger<GrainDispatcher> logger)
    {
        _grains = grains;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _queue = new KeyedWorkQueue<ResourceEvent>(DeliverAsync, _options.MaxConcurrentDispatches, Supersedes, OnUnhandled, LaneOf);
    }

    /// <summary>Changes queued or being delivered.</summary>
    public int Outstanding => _queue.Outstanding;

    public ValueTask HandleAsync(ResourceEvent change, CancellationToken cancellationToken)
    {
        _queue.Enqueue($"{change.Object.Kind}/{change.Object.Key}", change);
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when every change handed in so far has been delivered or given up.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => _queue.WhenIdleAsync(cancellationToken);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    /// <summary>The grain calls one change makes, in order. Runs in the object's serial queue: it tracks each Workload's Service.</summary>
    private IReadOnlyList<GrainCall> Route(ResourceEvent change)
    {
        var removed = change.Type == WatchEventType.Deleted;
        var obj = change.Object;
        var calls = new List<GrainCall>();
        if (removed)
        {
            // The calls below hold their reference; a later object of the same name gets a fresh one.
            ForgetReference(obj);
        }

        switch (obj)
        {
            case WorkloadDeployment deployment:
                {
                    var grain = Grain<IWorkloadDeploymentGrain>(deployment.Key);
                    calls.Add(removed ? Call(deployment, "Remove", grain.Remove) : Call(deployment, "Upsert", () => grain.Upsert(deployment)));
                    break;
                }

            case WorkloadReplicaSet replicaSet:
                {
                    var grain = Grain<IWorkloadReplicaSetGrain>(replicaSet.Key);
                    calls.Add(removed ? Call(replicaSet, "Remove", grain.Remove) : Call(replicaSet, "Upsert", () => grain.Upsert(replicaSet)));
                    if (ControllerKey(replicaSet, nameof(WorkloadDeployment)) is { } ownerKey)
                    {
                        var owner = Grain<IWorkloadDeploymentGrain>(ownerKey);
                        calls.Add(removed
                            ? new GrainCall($"WorkloadDeployment {ownerKey} ChildRemoved", () => owner.ChildRemoved(replicaSet.Name))
                            : new GrainCall($"WorkloadDeployment {ownerKey} ChildChanged", () => owner.ChildChanged(replicaSet)));
                    }

                    break;
                }

            case Workload workload:
                RouteWorkload(workload, removed, calls);
                break;

            case Host host when host.HostId.Length > 0:
                {
                    var grain = Grain<IHostGrain>(host.HostId);
                    calls.Add(removed ? Call(host, "Remove", grain.Remove) : Call(host, "Upsert", () => grain.Upsert(host)));
                    break;
                }

            case Host host:
                Log.HostWithoutId(_logger, host.Key);
                break;

            case Artifact artifact:
                {
                    var grain = Grain<IArtifactGrain>(artifact.Key);
                    calls.Add(removed ? Call(artifact, "Remove", grain.Remove) : Call(artifact, "Upsert", () => grain.Upsert(artifact)));
                    break;
                }

            case Service service:
                {
                    var grain = Grain<IServiceEndpointsGrain>(service.Key);
                    calls.Add(Call(service, "Refresh", grain.Refresh));
                    break;
                }
        }

        return calls;
    }

    private void RouteWorkload(Workload workload, bool removed, List<GrainCall> calls)
    {
        var grain = Grain<IWorkloadGrain>(workload.Key);
        calls.Add(removed ? Call(workload, "Remove", grain.Remove) : Call(workload, "Upsert", () => grain.Upsert(workload)));

        if (ControllerKey(workload, nameof(WorkloadReplicaSet)) is { } ownerKey)
        {
            var owner = Grain<IWorkloadReplicaSetGrain>(ownerKey);
            calls.Add(removed
                ? new GrainCall($"WorkloadReplicaSet {ownerKey} ChildRemoved", () => owner.ChildRemoved(workload.Name))
                : new GrainCall($"WorkloadReplicaSet {ownerKey} ChildChanged", () => owner.ChildChanged(workload)));
        }

        var service = workload.Spec.ServiceName;
        _workloadServices.TryGetValue(workload.Key, out var previous);
        if (removed)
        {
            _workloadServices.TryRemove(workload.Key, out _);
            foreach (var left in new[] { previous, service }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                calls.Add(ServiceCall(workload, left, "WorkloadRemoved", endpoints => endpoints.WorkloadRemoved(workload.Name)));
            }

            return;
        }

        if (previous is not null && previous != service)
        {
            calls.Add(ServiceCall(workload, previous, "WorkloadRemoved", endpoints => endpoints.WorkloadRemoved(workload.Name)));
        }

        if (service is null)
        {
            _workloadServices.TryRemove(workload.Key, out _);
        }
        else
        {
            _workloadServices[workload.Key] = service;
            calls.Add(ServiceCall(workload, service, "WorkloadChanged", endpoints => endpoints.WorkloadChanged(workload)));
        }
    }

    private void ForgetReference(KubeObject obj)
    {
        var reference = obj switch
        {
            WorkloadDeployment => (typeof(IWorkloadDeploymentGrain), obj.Key),
            WorkloadReplicaSet => (typeof(IWorkloadReplicaSetGrain), obj.Key),
            Workload => (typeof(IWorkloadGrain), obj.Key),
            Host host => (typeof(IHostGrain), host.HostId),
            Artifact => (typeof(IArtifactGrain), obj.Key),
            Service => (typeof(IServiceEndpointsGrain), obj.Key),
            _ => (typeof(void), ""),
        };
        _references.TryRemove(reference, out _);
    }

    private T Grain<T>(string key) where T : IGrainWithStringKey =>
        (T)_references.GetOrAdd((typeof(T), key), static (k, grains) => grains.GetGrain<T>(k.Key), _grains);

    private GrainCall ServiceCall(Workload workload, string service, string method, Func<IServiceEndpointsGrain, Task> invoke)
    {
        var key = ObjectKey.Of(workload.Namespace, service);
        var grain = Grain<IServiceEndpointsGrain>(key);
        return new GrainCall($"Service {key} {method}", () => invoke(grain));
    }

    private async Task DeliverAsync(ResourceEvent change, CancellationToken stopping)
    {
        IReadOnlyList<GrainCall> calls;
        try
        {
            calls = Route(change);
        }
        catch (ArgumentException ex)
        {
            // No grain implements the interface: a wiring fault that retrying cannot fix.
            Log.Unroutable(_logger, ex, change.Type, change.Object.Kind, change.Object.Key);
            return;
        }

        var next = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Resume at the call that failed: the ones before it already landed.
                for (; next < calls.Count; next++)
                {
                    await calls[next].Invoke();
                }

                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                if (attempt >= _options.MaxDispatchAttempts)
                {
                    Log.GaveUp(_logger, ex, change.Type, change.Object.Kind, change.Object.Key, calls[next].Target, attempt);
                    return;
                }

                var delay = Backoff.Delay(attempt, _options.InitialBackoff, _options.MaxBackoff);
                Log.Retrying(_logger, ex, change.Type, change.Object.Kind, change.Object.Key, calls[next].Target, attempt, delay);
                await Task.Delay(delay, _time, stopping);
            }
        }
    }

    private void OnUnhandled(ResourceEvent change, Exception exception) =>
        Log.GaveUp(_logger, exception, change.Type, change.Object.Kind, change.Object.Key, "dispatch", 0);

    /// <summary>One lane per kind (keys are "Kind/key"), so a burst of one kind does not queue the others behind it.</summary>
    private static string LaneOf(string key) => key[..Math.Max(0, key.IndexOf('/', StringComparison.Ordinal))];

    /// <summary>A newer upsert of the same object makes a pending upsert pointless; deletes are never merged.</summary>
    private static bool Supersedes(ResourceEvent pending, ResourceEvent newer) =>
        pending.Type != WatchEventType.Deleted && newer.Type != WatchEventType.Deleted
        && pending.Object.Metadata.Uid == newer.Object.Metadata.Uid;

    private static string? ControllerKey(KubeObject obj, string ownerKind) =>
        obj.Metadata.ControllerOwner is { } owner && owner.Kind == ownerKind && owner.Name.Length > 0
            ? ObjectKey.Of(obj.Namespace, owner.Name)
            : null;

    private static GrainCall Call(KubeObject obj, string method, Func<Task> invoke) =>
        new($"{obj.Kind} {obj.Key} {method}", invoke);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Delivering {Type} of {Kind} {Key} failed at {Target} (attempt {Attempt}); retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, Exception exception, WatchEventType type, string kind, string key, string target, int attempt, TimeSpan delay);

        [LoggerMessage(2, LogLevel.Error, "Gave up delivering {Type} of {Kind} {Key} at {Target} after {Attempt} attempts; the next change or relist will bring it again")]
        public static partial void GaveUp(ILogger logger, Exception exception, WatchEventType type, string kind, string key, string target, int attempt);

        [LoggerMessage(4, LogLevel.Error, "Cannot deliver {Type} of {Kind} {Key}: no grain to route it to")]
        public static partial void Unroutable(ILogger logger, Exception exception, WatchEventType type, string kind, string key);

        [LoggerMessage(3, LogLevel.Warning, "Host {Key} has no hostId; it cannot be routed to a host grain")]
        public static partial void HostWithoutId(ILogger logger, string key);
    }
}
