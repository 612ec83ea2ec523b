using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;
using Wasmcloud.Grains.Telemetry;

namespace Wasmcloud.Grains;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains need besides the ports: options (section "Operator") and the operator clock.
    /// The host registers <c>IResourceStore</c> and <c>IHostClient</c> (Kubernetes, in-memory, NATS, or simulated), and
    /// may narrow the <see cref="WatchScope"/> (every namespace by default).
    /// </summary>
    public static IServiceCollection AddWasmcloudGrains(this IServiceCollection services, IConfiguration? configuration = null, Action<OperatorOptions>? configure = null)
    {
        var options = services.AddOptions<OperatorOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(OperatorOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>());
        services.TryAddSingleton(new OperatorClock(TimeProvider.System));
        services.TryAddSingleton<SharedLists>();
        // Every namespace unless the host narrows it (the silo: to the feeder's namespaces).
        services.TryAddSingleton(WatchScope.AllNamespaces);
        services.AddMetrics();
        services.TryAddSingleton<OperatorMetrics>();
        return services;
    }
}
