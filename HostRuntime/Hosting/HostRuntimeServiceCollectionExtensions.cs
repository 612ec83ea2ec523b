using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.HostRuntime.Components;
using Wasmcloud.HostRuntime.Control;
using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Ingress;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins;
using Wasmcloud.HostRuntime.Plugins.Extensions;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.HostRuntime.Workloads.Internal;
using Wasmcloud.HostRuntime.Hosting.Internal;

namespace Wasmcloud.HostRuntime.Hosting;

public static class HostRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// The host's control plane (identity, heartbeats, the command server, the workload table) and its data plane (the
    /// Wasmtime engine, the executor, the HTTP router). The executor and the component source are added with TryAdd,
    /// so registering another <see cref="IWorkloadExecutor"/> or <see cref="IComponentSource"/> first replaces it.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IServiceCollection AddHostRuntime(this IServiceCollection services, HostRuntimeOptions options)
    {
        var validation = new HostRuntimeOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(HostRuntimeOptions), typeof(HostRuntimeOptions), validation.Failures);
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => HostIdentity.Create(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HttpEndpoint>();
        services.AddSingleton<ControlConnection>();
        services.AddSingleton<HostRouter>();
        services.AddHostPlugins(options);
        services.AddSingleton(sp => new WasmEngine(options, sp.GetRequiredService<ExtensionPlugins>(), sp.GetRequiredService<ILogger<WasmEngine>>()));
        services.AddComponentSource(options);
        services.TryAddSingleton<IWorkloadExecutor, WasmtimeWorkloadExecutor>();
        services.AddSingleton<WorkloadManager>();
        services.AddSingleton<HeartbeatFactory>();
        services.AddSingleton<ControlServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ControlServer>());
        services.AddHostedService<HeartbeatPublisher>();
        services.AddHostedService<WorkloadShutdownService>();
        services.AddSingleton<StartupReport>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        return services;
    }
}
