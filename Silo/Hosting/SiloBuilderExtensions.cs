using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasmcloud.Grains;
using Orleans.Dashboard;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.Silo.Dashboard;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Ingress;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.Silo.Nats;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Hosting;

public static class SiloBuilderExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";
    public const string SiloPortKey = "Orleans:SiloPort";
    public const string GatewayPortKey = "Orleans:GatewayPort";
    public const string NatsEnabledKey = "Nats:Enabled";
    public const string OperatorNamespaceKey = "Operator:Namespace";

    /// <summary>The reference operator's required environment variable; the chart fills it from the downward API.</summary>
    public const string OperatorNamespaceVariable = "OPERATOR_NAMESPACE";

    // Orleans' own localhost-clustering defaults.
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>True when configuration asks for standalone mode (<c>--standalone</c> or <c>Standalone:Enabled</c>).</summary>
    public static bool IsStandalone(this IConfiguration configuration) =>
        configuration.GetValue<bool>(SiloCommandLine.StandaloneEnabledKey);

    /// <summary>The whole silo: Orleans, the adapters of the configured mode, the feeder and the fallbacks.</summary>
    public static WebApplicationBuilder AddWasmcloudSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Quiet defaults for chatty libraries; a more specific category in "Logging:LogLevel" still overrides them.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Orleans first: hosted services start in order, so the silo is up before the feeder calls grains.
        // Ports are configurable so several silos (or engineers) can share a machine.
        var siloPort = configuration.GetValue(SiloPortKey, DefaultSiloPort);
        var gatewayPort = configuration.GetValue(GatewayPortKey, DefaultGatewayPort);
        // Peers: localhost in standalone mode, the Kubernetes membership table otherwise (Silo/Clustering).
        // The Orleans dashboard rides our Kestrel (mapped under /dashboard/orleans); it must be added on every silo.
        // Reminders: a JetStream KV bucket in Kubernetes mode, memory in standalone mode (docs/decisions/reminder-table.md).
        var natsEnabled = configuration.GetValue(NatsEnabledKey, true);
        builder.UseOrleans(silo => silo.UseWasmcloudClustering(configuration, configuration.IsStandalone(), siloPort, gatewayPort)
            .UseWasmcloudReminders(configuration, configuration.IsStandalone(), natsEnabled)
            .AddDashboard());
        services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = OperatorDefaults.MinimumReconcileInterval);

        if (string.IsNullOrEmpty(configuration[OperatorNamespaceKey]) && Environment.GetEnvironmentVariable(OperatorNamespaceVariable) is { Length: > 0 } operatorNamespace)
        {
            builder.Configuration.AddInMemoryCollection([new(OperatorNamespaceKey, operatorNamespace)]);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddWasmcloudGrains(configuration);

        if (configuration.IsStandalone())
        {
            services.AddWasmcloudStandalone(configuration);
        }
        else
        {
            services.AddKubernetesAdapters(configuration);
        }

        // Before the feeder: the route index wraps the grain dispatcher as the informers' event handler.
        services.AddWasmcloudIngressRoutes(configuration);
        services.AddWasmcloudFeeder(configuration);
        builder.AddWasmcloudServiceDefaults();
        services.AddWasmcloudDashboard(configuration);
        if (natsEnabled)
        {
            services.AddNatsHostConnectivity(configuration);
        }

        // Last, so the real ones registered above win.
        services.TryAddSingleton<ILeadership, SoleLeadership>();
        services.TryAddSingleton<IHostClient, OfflineHostClient>();
        return builder;
    }
}
