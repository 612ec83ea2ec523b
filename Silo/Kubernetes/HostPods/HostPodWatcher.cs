using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Hosting;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Kubernetes.HostPods;

/// <summary>
/// The fast path of reference §3.5: a host pod (labelled <c>wasmcloud.com/hostgroup</c>) that is being deleted takes
/// its Host with it at once, and the Host's workloads are placed elsewhere, instead of after missed heartbeats and a
/// probe. Pods are watched in the operator namespace and the configured host namespaces, through the same informer
/// the feeder uses; a Host belongs to a pod when its <c>hostname</c> is the pod's IP (what the chart passes as
/// <c>--host-name</c>) or the pod's own host name (a host's default).
/// </summary>
/// <remarks>
/// No finalizer goes on pods, unlike the reference: a pod must never hang in Terminating because the operator is
/// down, and a deletion missed while it was down is caught by the relist (a synthetic delete) or, at worst, by the
/// heartbeat path. Deletion is acted on as soon as the pod carries a deletionTimestamp: the host is shutting down,
/// and waiting for its grace period would only delay the move.
/// </remarks>
public sealed partial class HostPodWatcher : BackgroundService, IResourceEventHandler
{
    private readonly IResourceStore _store;
    private readonly IGrainFactory _grains;
    private readonly ILeadership _leadership;
    private readonly bool _enabled;
    private readonly string _operatorNamespace;
    private readonly FeederOptions _feederOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyedWorkQueue<Pod> _queue;

    // Pods already acted on, by uid: a terminating pod is MODIFIED several times before it is DELETED.
    private readonly BoundedSet _handled = new(4096);

    public HostPodWatcher(
        IResourceWatchSource source,
        IResourceStore store,
        IGrainFactory grains,
        IOptions<HostPodOptions> options,
        IOptions<OperatorOptions> operatorOptions,
        IOptions<FeederOptions> feederOptions,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        ILeadership? leadership = null)
    {
        _store = store;
        _grains = grains;
        _leadership = leadership ?? new SoleLeadership();
        _enabled = options.Value.Enabled;
        _operatorNamespace = operatorOptions.Value.Namespace;
        _feederOptions = feederOptions.Value;
        _time = time;
        _logger = loggerFactory.CreateLogger<HostPodWatcher>();
        _queue = new KeyedWorkQueue<Pod>(HandleDeletedAsync, maxConcurrency: 4, onUnhandled: (pod, ex) => Log.Failed(_logger, ex, pod.Namespace, pod.Name));
        var informerLogger = loggerFactory.CreateLogger<ResourceInformer>();
        Namespaces = options.Value.Namespaces.Prepend(_operatorNamespace).Distinct(StringComparer.Ordinal).ToList();
        Informers = [.. Namespaces.Select(ns => new ResourceInformer(KubeKind.Of<Pod>(), ns, source, this, _feederOptions, time, informerLogger))];
    }

    /// <summary>The namespaces whose pods are watched.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    public IReadOnlyList<ResourceInformer> Informers { get; }

    /// <summary>Completes once every pod informer has listed.</summary>
    public Task WhenSyncedAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Informers.Select(i => i.Synced)).WaitAsync(cancellationToken);

    public ValueTask HandleAsync(ResourceEvent change, CancellationToken cancellationToken)
    {
        if (change.Object is Pod pod && IsHostPod(pod) && (change.Type == WatchEventType.Deleted || pod.IsBeingDeleted)
            && _handled.Add(pod.Metadata.Uid ?? $"{pod.Namespace}/{pod.Name}"))
        {
            _queue.Enqueue(pod.Key, pod);
        }

        return ValueTask.CompletedTask;
    }

    public static bool IsHostPod(Pod pod) => pod.Metadata.Labels?.ContainsKey(WellKnown.HostPodLabel) == true;

    /// <summary>True when <paramref name="host"/> reported itself under one of the pod's names.</summary>
    public static bool Matches(Host host, Pod pod) =>
        !string.IsNullOrEmpty(host.Hostname)
        && (host.Hostname == pod.Status?.PodIp || host.Hostname == pod.Name || host.Hostname == pod.Spec?.Hostname);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            return;
        }

        // Like the feeder, only the leader acts: Hosts are its to delete.
        await _leadership.WhenLeadingAsync(stoppingToken);
        Log.Watching(_logger, string.Join(",", Namespaces));
        await Task.WhenAll(Informers.Select(informer => Task.Run(() => informer.RunAsync(stoppingToken), CancellationToken.None)));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _queue.DisposeAsync();
    }

    private async Task HandleDeletedAsync(Pod pod, CancellationToken stopping)
    {
        var podName = $"{pod.Namespace}/{pod.Name}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var hosts = await _store.ListAsync<Host>(_operatorNamespace, cancellationToken: stopping);
                var matching = hosts.Where(h => h.HostId.Length > 0 && Matches(h, pod)).ToList();
                if (matching.Count == 0)
                {
                    Log.NoHost(_logger, podName, pod.Status?.PodIp);
                }

                foreach (var host in matching)
                {
                    Log.Removing(_logger, host.Name, host.HostId, podName);
                    await _grains.GetGrain<IHostGrain>(host.HostId).PodDeleted(podName);
                }

                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested && attempt < _feederOptions.MaxDispatchAttempts)
            {
                var delay = Backoff.Delay(attempt, _feederOptions.InitialBackoff, _feederOptions.MaxBackoff);
                Log.Retrying(_logger, ex, podName, attempt, delay);
                await Task.Delay(delay, _time, stopping);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Watching host pods in {Namespaces}")]
        public static partial void Watching(ILogger logger, string namespaces);

        [LoggerMessage(2, LogLevel.Information, "Host pod {Pod} is being deleted: removing host {Name} ({HostId})")]
        public static partial void Removing(ILogger logger, string name, string hostId, string pod);

        [LoggerMessage(3, LogLevel.Debug, "Host pod {Pod} (IP {PodIp}) is being deleted, but no Host reports its name or IP")]
        public static partial void NoHost(ILogger logger, string pod, string? podIp);

        [LoggerMessage(4, LogLevel.Warning, "Removing the Host of deleted pod {Pod} failed (attempt {Attempt}); retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, Exception exception, string pod, int attempt, TimeSpan delay);

        [LoggerMessage(5, LogLevel.Error, "Gave up removing the Host of deleted pod {Namespace}/{Name}; the heartbeat path will still catch it")]
        public static partial void Failed(ILogger logger, Exception exception, string @namespace, string name);
    }
}
