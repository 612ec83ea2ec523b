using Microsoft.Extensions.DependencyInjection.Extensions;
using Wasmcloud.HostRuntime.Components.Oci;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Components;

public static class ComponentSourceServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IComponentSource"/> as OCI pulls into the <c>--oci-cache-dir</c> cache, plus <c>file://</c>. Added with
    /// TryAdd, so a source registered first (a fake in tests) wins.
    /// </summary>
    public static IServiceCollection AddComponentSource(this IServiceCollection services, HostRuntimeOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new ComponentCache(options.OciCacheDir ?? ComponentCache.DefaultRoot));
        services.TryAddSingleton(sp => new OciRegistryClient(
            options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OciRegistryClient>>()));
        services.TryAddSingleton(sp => new OciComponentSource(
            options,
            sp.GetRequiredService<ComponentCache>(),
            sp.GetRequiredService<OciRegistryClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OciComponentSource>>()));
        services.TryAddSingleton<IComponentSource>(sp => sp.GetRequiredService<OciComponentSource>());
        return services;
    }
}
