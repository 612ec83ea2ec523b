using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Wasmcloud.Grains;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.Silo.Kubernetes.HostPods;
using Wasmcloud.TestInfrastructure.Simulation;
using Xunit;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// The control plane as it runs in Kubernetes mode, in one process: an in-process Orleans silo with the real grains
/// and feeder, whose <see cref="IResourceStore"/> and <see cref="IResourceWatchSource"/> are the Kubernetes adapters
/// talking to the fake API server through the real KubernetesClient, simulated hosts behind <see cref="IHostClient"/>,
/// and the host-pod watcher. Tests read and write through <see cref="Store"/>, as kubectl would; they keep to their
/// own namespace and host group.
/// </summary>
public class KubernetesControlPlaneFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;
    private IKubernetes? _client;

    public FakeApiServer Server { get; private set; } = null!;

    /// <summary>The test's own view of the API: the same adapter the grains use, on its own client.</summary>
    public KubernetesResourceStore Store { get; private set; } = null!;

    public IKubernetes Client => _client ?? throw new InvalidOperationException("the fixture is not initialised");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SimulatedHostFleet Fleet { get; } = new();

    public OperatorOptions Options { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not deployed");

    /// <summary>The deleted-host-pod fast path, watching pods in the operator namespace.</summary>
    public HostPodWatcher HostPods => Cluster.Silos[0].ServiceProvider.GetRequiredService<HostPodWatcher>();

    public async ValueTask InitializeAsync()
    {
        Server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        Server.InstallWasmcloudCrds();
        _client = Server.CreateClient();
        Store = new KubernetesResourceStore(_client, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);

        Options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        Options.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
        Options.HealthCheckPeriod = TimeSpan.FromMilliseconds(50);
        Options.ReconcileInterval = TimeSpan.FromSeconds(5);
        Options.WorkloadReconcileInterval = TimeSpan.FromSeconds(5);

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            var services = silo.Services;
            services.AddSingleton<IKubernetes>(_ => Server.CreateClient());
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new KubernetesOptions { ListPageSize = 50, WatchIdleTimeout = TimeSpan.FromSeconds(5) }));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<KubernetesResourceStore>();
            services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<KubernetesResourceStore>());
            services.AddSingleton<KubernetesWatchSource>();
            services.AddSingleton<IResourceWatchSource>(sp => sp.GetRequiredService<KubernetesWatchSource>());
            services.AddSingleton<IHostClient>(Fleet);
            services.AddSingleton(new OperatorClock(Time));
            services.AddWasmcloudGrains(configure: o => CopyTo(Options, o));
            services.Configure<FeederOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(20);
                o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                o.HostNamespace = Options.Namespace;
            });
            services.AddSingleton<GrainDispatcher>();
            services.AddSingleton<IResourceEventHandler>(sp => sp.GetRequiredService<GrainDispatcher>());
            services.AddSingleton<ResourceFeeder>();
            services.AddHostedService(sp => sp.GetRequiredService<ResourceFeeder>());
            services.AddHostPodWatcher();
            services.AddLogging(logging => logging.AddFilter("Wasmcloud", LogLevel.Warning));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static void CopyTo(OperatorOptions from, OperatorOptions to)
    {
        foreach (var property in typeof(OperatorOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
