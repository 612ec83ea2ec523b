using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Wasmcloud.Grains;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.TestInfrastructure.ControlPlane;

/// <summary>What an in-process control plane is made of; everything else is the production wiring.</summary>
/// <param name="Store">The API server.</param>
/// <param name="Hosts">How grains reach hosts (simulated in tests and benchmarks).</param>
/// <param name="OperatorTime">The grains' clock: fake in tests, <see cref="TimeProvider.System"/> in benchmarks.</param>
/// <param name="Options">Operator options, copied into the silo.</param>
public sealed record ControlPlaneSetup(InMemoryResourceStore Store, IHostClient Hosts, TimeProvider OperatorTime, OperatorOptions Options)
{
    /// <summary>Orleans refuses reminders shorter than this (its default is one minute, above the workload interval).</summary>
    public TimeSpan MinimumReminderPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public Action<FeederOptions>? ConfigureFeeder { get; init; }
}

/// <summary>
/// Builds one in-process Orleans silo with the real grains, the real feeder (informers + grain dispatcher) over the
/// in-memory store, and the given host client. Shared by the scenario-test fixture and the end-to-end benchmark so
/// both measure and test the same assembly.
/// </summary>
public static class ControlPlaneSilo
{
    public static InProcessTestCluster Build(ControlPlaneSetup setup)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = setup.MinimumReminderPeriod);
            var services = silo.Services;
            services.AddSingleton<IResourceStore>(setup.Store);
            services.AddSingleton<IResourceWatchSource>(setup.Store);
            services.AddSingleton(setup.Hosts);
            services.AddSingleton(new OperatorClock(setup.OperatorTime));
            services.AddWasmcloudGrains(configure: o => CopyTo(setup.Options, o));
            if (setup.ConfigureFeeder is { } configureFeeder)
            {
                services.Configure(configureFeeder);
            }

            services.AddSingleton<GrainDispatcher>();
            services.AddSingleton<IResourceEventHandler>(sp => sp.GetRequiredService<GrainDispatcher>());
            services.AddSingleton<ResourceFeeder>();
            services.AddHostedService(sp => sp.GetRequiredService<ResourceFeeder>());
        });
        return builder.Build();
    }

    private static void CopyTo(OperatorOptions from, OperatorOptions to)
    {
        foreach (var property in typeof(OperatorOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
