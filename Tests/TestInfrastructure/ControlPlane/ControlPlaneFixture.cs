using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Standalone;
using Wasmcloud.TestInfrastructure.Simulation;
using Xunit;

namespace Wasmcloud.TestInfrastructure.ControlPlane;

/// <summary>
/// One in-process Orleans silo with the real grains, the real in-memory API store and feeder, and simulated hosts.
/// Control-plane time (heartbeat ages, condition times) is a <see cref="FakeTimeProvider"/> the tests move; Orleans
/// keeps real time, with retry and health loops shortened so moved time is noticed within milliseconds.
/// Shared per test collection: tests isolate themselves with their own namespace and host group.
/// </summary>
public class ControlPlaneFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryResourceStore Store { get; private set; } = null!;

    public SimulatedHostFleet Fleet { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not deployed");

    public OperatorOptions Options { get; } = new();

    /// <summary>Adjusts the operator options of this fixture's cluster before it starts.</summary>
    protected virtual void Configure(OperatorOptions options)
    {
    }

    public async ValueTask InitializeAsync()
    {
        Store = new InMemoryResourceStore(Time);
        Options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        Options.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
        Options.HealthCheckPeriod = TimeSpan.FromMilliseconds(50);
        Options.ReconcileInterval = TimeSpan.FromSeconds(5);
        Options.WorkloadReconcileInterval = TimeSpan.FromSeconds(5);
        Configure(Options);

        _cluster = ControlPlaneSilo.Build(new ControlPlaneSetup(Store, Fleet, Time, Options)
        {
            MinimumReminderPeriod = TimeSpan.FromSeconds(1),
            ConfigureFeeder = o => o.InitialBackoff = TimeSpan.FromMilliseconds(20),
        });
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Moves control-plane time, with the live simulated hosts beating as they would meanwhile.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Fleet.BeatAsync(Grains);
    }
}
