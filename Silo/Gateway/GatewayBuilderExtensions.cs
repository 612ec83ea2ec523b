using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Gateway;

public static class GatewayBuilderExtensions
{
    /// <summary>True when configuration asks for the gateway (<c>--gateway</c> or <c>Gateway:Enabled</c>).</summary>
    public static bool IsGateway(this IConfiguration configuration) => configuration.GetValue<bool>(SiloCommandLine.GatewayEnabledKey);

    /// <summary>
    /// The deprecated gateway: an Orleans client of the silos following the routes grain, and a YARP forwarder by Host
    /// header. No silo runs in this process and it needs no Kubernetes credentials. The cluster and service IDs come
    /// from the "Orleans" configuration section (<c>--Orleans:ClusterId</c>), which Orleans binds on silos and clients
    /// alike, so one setting passed to both keeps them in step.
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

        services.AddHttpForwarder();
        services.AddSingleton<GatewayRoutes>();
        services.AddHostedService<GatewayRouteFollower>();
        return builder;
    }
}
