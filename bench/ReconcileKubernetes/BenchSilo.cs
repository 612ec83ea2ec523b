using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Wasmcloud.Grains;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>
/// One in-process silo with the real grains and feeder over a mode's adapters, and simulated hosts; the production
/// wiring otherwise, with production operator options (the workload reminder period is the only thing Orleans needs
/// lowered).
/// </summary>
internal static class BenchSilo
{
    public static InProcessTestCluster Build(IBenchmarkApi api, IHostClient hosts, OperatorOptions options)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            var services = silo.Services;
            services.AddLogging(logging => logging.AddFilter("Wasmcloud", LogLevel.Warning).AddFilter("Orleans", LogLevel.Warning));
            services.AddSingleton<IResourceStore>(api.GrainStore);
            services.AddSingleton(api.FeederSource);
            services.AddSingleton(hosts);
            services.AddSingleton(new OperatorClock(TimeProvider.System));
            services.AddWasmcloudGrains(configure: o => CopyTo(options, o));
            services.Configure<FeederOptions>(o => o.HostNamespace = options.Namespace);
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
