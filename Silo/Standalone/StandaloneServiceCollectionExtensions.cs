using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Standalone;

public static class StandaloneServiceCollectionExtensions
{
    /// <summary>Standalone mode's adapters: the in-memory API server (store and watch source) and the manifest folder loader.</summary>
    public static IServiceCollection AddWasmcloudStandalone(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StandaloneOptions>().Bind(configuration.GetSection(StandaloneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StandaloneOptions>, StandaloneOptionsValidator>());
        services.AddOptions<InMemoryResourceStoreOptions>().Bind(configuration.GetSection(InMemoryResourceStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InMemoryResourceStoreOptions>, InMemoryResourceStoreOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new InMemoryResourceStore(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<InMemoryResourceStoreOptions>>().Value));
        services.TryAddSingleton<IResourceStore>(sp => sp.GetRequiredService<InMemoryResourceStore>());
        services.TryAddSingleton<IResourceWatchSource>(sp => sp.GetRequiredService<InMemoryResourceStore>());

        services.TryAddSingleton<ManifestLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<ManifestLoader>());
        return services;
    }
}
