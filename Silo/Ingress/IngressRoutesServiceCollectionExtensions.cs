using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Ingress;

public static class IngressRoutesServiceCollectionExtensions
{
    /// <summary>
    /// The gateway's routing table on the silo side: the index in front of the grain dispatcher and its publisher.
    /// Register before the feeder, whose own event handler registration then stands aside.
    /// </summary>
    public static IServiceCollection AddWasmcloudIngressRoutes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngressRoutesOptions>().Bind(configuration.GetSection(IngressRoutesOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngressRoutesOptions>, IngressRoutesOptionsValidator>());
        if (!configuration.GetValue($"{IngressRoutesOptions.SectionName}:{nameof(IngressRoutesOptions.Enabled)}", true))
        {
            return services;
        }

        services.TryAddSingleton<IngressRouteIndex>();
        services.TryAddSingleton<GrainDispatcher>();
        services.TryAddSingleton<IResourceEventHandler>(sp => new IngressIndexingEventHandler(
            sp.GetRequiredService<IngressRouteIndex>(), sp.GetRequiredService<GrainDispatcher>()));
        services.AddHostedService<IngressRoutePublisher>();
        return services;
    }
}
