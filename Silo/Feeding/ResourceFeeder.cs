using Wasmcloud.Silo.Hosting;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Feeding;

/// <summary>Runs one informer per fed kind and namespace, and tells when all of them have listed once.</summary>
public sealed partial class ResourceFeeder : BackgroundService
{
    /// <summary>The kinds whose changes reach grains.</summary>
    public static readonly IReadOnlyList<KubeKind> FedKinds =
    [
        KubeKind.Of<WorkloadDeployment>(),
        KubeKind.Of<WorkloadReplicaSet>(),
        KubeKind.Of<Workload>(),
        KubeKind.Of<Host>(),
        KubeKind.Of<Artifact>(),
        KubeKind.Of<Service>(),
    ];

    private readonly ILogger _logger;
    private readonly ILeadership _leadership;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResourceFeeder(
        IResourceWatchSource source,
        IResourceEventHandler handler,
        IOptions<FeederOptions> options,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        ILeadership? leadership = null)
    {
        _leadership = leadership ?? new SoleLeadership();
        _logger = loggerFactory.CreateLogger<ResourceFeeder>();
        var namespaces = options.Value.Namespaces.Count == 0 ? [null] : options.Value.Namespaces.Distinct(StringComparer.Ordinal).Select(n => (string?)n).ToList();
        var informerLogger = loggerFactory.CreateLogger<ResourceInformer>();
        var hostKind = KubeKind.Of<Host>();
        Informers = FedKinds
            .SelectMany(kind => (kind == hostKind && options.Value.HostNamespace is { Length: > 0 } hostNamespace ? [hostNamespace] : namespaces)
                .Select(ns => new ResourceInformer(kind, ns, source, handler, options.Value, time, informerLogger)))
            .ToList();
    }

    public IReadOnlyList<ResourceInformer> Informers { get; }

    /// <summary>True once every informer has listed and handed on its first snapshot.</summary>
    public bool IsSynced => _synced.Task.IsCompletedSuccessfully;

    /// <summary>Completes once every informer has listed and handed on its first snapshot.</summary>
    public Task WhenSyncedAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Followers stand by: two feeders would reconcile every object twice.
        await _leadership.WhenLeadingAsync(stoppingToken);
        var runs = Informers.Select(informer => Task.Run(() => informer.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        _ = SignalWhenSyncedAsync();
        await Task.WhenAll(runs);
    }

    private async Task SignalWhenSyncedAsync()
    {
        try
        {
            await Task.WhenAll(Informers.Select(i => i.Synced));
            Log.Synced(_logger, Informers.Count);
            _synced.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            _synced.TrySetCanceled();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Feeder synced: {Count} informers have listed")]
        public static partial void Synced(ILogger logger, int count);
    }
}
