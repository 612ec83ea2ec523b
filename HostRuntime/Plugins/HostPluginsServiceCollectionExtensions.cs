using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins.Extensions;

namespace Wasmcloud.HostRuntime.Plugins;

public static class HostPluginsServiceCollectionExtensions
{
    /// <summary>
    /// The data connection, the built-in host plugins (keyvalue, messaging, secrets) and the plugins
    /// <paramref name="options"/> enable from the plugins folder, loaded now so a bad one stops the host at startup.
    /// </summary>
    /// <exception cref="PluginLoadException">An enabled plugin is missing or malformed.</exception>
    public static IServiceCollection AddHostPlugins(this IServiceCollection services, HostRuntimeOptions options)
    {
        services.AddSingleton(new ExtensionPlugins(PluginLoader.Load(options.PluginsDir, options.Plugins, HostPlugins.BuiltInPackages)));
        services.AddSingleton<DataConnection>();
        services.AddSingleton(sp => new HostPlugins(sp.GetRequiredService<DataConnection>(), sp.GetRequiredService<ExtensionPlugins>(), sp.GetRequiredService<ILogger<HostPlugins>>()));
        return services;
    }
}
