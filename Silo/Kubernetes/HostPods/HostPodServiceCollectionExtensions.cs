using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Wasmcloud.Silo.Kubernetes.HostPods;

public static class HostPodServiceCollectionExtensions
{
    /// <summary>
    /// The deleted-host-pod fast path (section <c>HostPods</c>). Needs the feeder's <c>IResourceWatchSource</c> and
    /// <c>IResourceStore</c>; register after Orleans so the silo is up before the first grain call.
    /// </summary>
    public static IServiceCollection AddHostPodWatcher(this IServiceCollection services, IConfiguration? configuration = null, Action<HostPodOptions>? configure = null)
    {
        var options = services.AddOptions<HostPodOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(HostPodOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostPodOptions>, HostPodOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostPodWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<HostPodWatcher>());
        return services;
    }
}
