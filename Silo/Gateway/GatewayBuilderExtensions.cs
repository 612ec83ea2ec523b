using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Gateway;

public static class GatewayBuilderExtensions
{
    /// <summary>True when configuration asks for the gateway (<c>--gateway</c> or <c>Gateway:Enabled</c>).</summary>
    public static bool IsGateway(this IConfiguration configuration) => configuration.GetValue<bool>(SiloCommandLine.GatewayEnabledKey);

    /// <summary>
    /// The deprecated gateway: an Orleans client of the silos following the routes grain, and a YARP forwarder by Host
    /// header. No silo runs in this process and it needs no Kubernetes credentials: it finds the silos by DNS. The
    /// cluster and service IDs come from <c>ORLEANS_SERVICE_ID</c> / <c>ORLEANS_CLUSTER_ID</c> as on the silos, else
    /// from the "Orleans" configuration section.
    /// </summary>
    public static WebApplicationBuilder AddWasmcloudGateway(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(GatewayModeOptions.DefaultUrl);
        }

        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        services.AddOptions<GatewayModeOptions>().Bind(configuration.GetSection(GatewayModeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayModeOptions>, GatewayModeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var gateway = configuration.GetSection(GatewayModeOptions.SectionName);
        builder.UseOrleansClient(client =>
        {
            client.Configure<GatewayOptions>(options =>
                options.GatewayListRefreshPeriod = gateway.GetValue(nameof(GatewayModeOptions.SiloListRefreshPeriod), GatewayModeOptions.DefaultSiloListRefreshPeriod));
            client.Services.AddSingleton<IGatewayListProvider, SiloGatewayListProvider>();
            client.UseConnectionRetryFilter<RetryForeverConnectionFilter>();
        });

        // The chart gives the gateway the silos' ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID, which the silos' Kubernetes
        // clustering reads; a client of another cluster is turned away at the handshake.
        services.AddOptions<ClusterOptions>().Configure(cluster =>
        {
            if (Environment.GetEnvironmentVariable(KubernetesClusteringOptions.ServiceIdVariable) is { } serviceId && !string.IsNullOrWhiteSpace(serviceId))
            {
                cluster.ServiceId = serviceId.Trim();
            }

            if (Environment.GetEnvironmentVariable(KubernetesClusteringOptions.ClusterIdVariable) is { } clusterId && !string.IsNullOrWhiteSpace(clusterId))
            {
                cluster.ClusterId = clusterId.Trim();
            }
        });
        services.AddHttpForwarder();
        services.AddSingleton<GatewayRoutes>();
        services.AddHostedService<GatewayRouteFollower>();
        return builder;
    }
}
