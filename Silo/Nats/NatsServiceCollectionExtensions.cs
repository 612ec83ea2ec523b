using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Nats;

public static class NatsServiceCollectionExtensions
{
    /// <summary>
    /// The silo's link to hosts: <see cref="IHostClient"/> over NATS request/reply and the heartbeat subscriber
    /// feeding Host grains, on one connection configured by the <c>Nats</c> section. Registering another
    /// <see cref="IHeartbeatSink"/> first replaces the grain sink.
    /// </summary>
    public static IServiceCollection AddNatsHostConnectivity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NatsConnectivityOptions>()
            .Bind(configuration.GetSection(NatsConnectivityOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NatsConnectivityOptions>, NatsConnectivityOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ControlPlaneConnection>();
        services.AddMetrics();
        services.TryAddSingleton<NatsRoundTripMetrics>();
        services.TryAddSingleton<NatsHostClient>();
        services.TryAddSingleton<IHostClient>(sp => sp.GetRequiredService<NatsHostClient>());
        services.TryAddSingleton<IHeartbeatSink, GrainHeartbeatSink>();
        services.TryAddSingleton<HeartbeatSubscriber>();
        services.AddHostedService(sp => sp.GetRequiredService<HeartbeatSubscriber>());
        return services;
    }
}
