using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Feeding;

public static class FeederServiceCollectionExtensions
{
    /// <summary>
    /// The watch feeder: one informer per fed kind, dispatching to grains. Needs an <see cref="IResourceWatchSource"/>
    /// (the in-memory store, or the Kubernetes adapter). Register after Orleans so the silo is up before the first call.
    /// What it watches is the <see cref="WatchScope"/> everything else reads within.
    /// </summary>
    public static IServiceCollection AddWasmcloudFeeder(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeederOptions>().Bind(configuration.GetSection(FeederOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeederOptions>, FeederOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainDispatcher>();
        services.TryAddSingleton<IResourceEventHandler>(sp => sp.GetRequiredService<GrainDispatcher>());
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var feeder = sp.GetRequiredService<IOptions<FeederOptions>>().Value;
            return new WatchScope(feeder.Namespaces, feeder.HostNamespace);
        }));
        services.TryAddSingleton<ResourceFeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<ResourceFeeder>());
        return services;
    }
}
