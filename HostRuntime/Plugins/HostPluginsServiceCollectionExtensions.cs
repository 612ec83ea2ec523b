using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins.Extensions;

namespace Wasmcloud.HostRuntime.Plugins;

public static class HostPluginsServiceCollectionExtensions
{
    /// <summary>
    /// The data connection, the built-in host plugins (keyvalue, messaging, secrets) and the plugins
    /// <paramref name="options"/> enable from the plugins folder, loaded now so a bad one stops the host at startup.
    /// </summary>
    /// <remarks>
    /// The plugins enabled are those of <c>--plugin</c> and those the <c>--user-config</c> file's
    /// <c>host.hostPlugins[]</c> lists, which also carry that entry's host-wide config and secrets.
    /// </remarks>
    /// <exception cref="PluginLoadException">An enabled plugin is missing or malformed.</exception>
    /// <exception cref="UserConfigException">The <c>--user-config</c> file is unreadable, malformed or asks for something refused.</exception>
    public static IServiceCollection AddHostPlugins(this IServiceCollection services, HostRuntimeOptions options)
    {
        var userConfig = options.UserConfigPath is { } path ? HostUserConfig.Load(path) : HostUserConfig.Empty;
        var enabled = options.Plugins.Concat(userConfig.HostPlugins.Select(p => p.Id)).Distinct(StringComparer.Ordinal).ToList();
        var loaded = PluginLoader.Load(options.PluginsDir, enabled, HostPlugins.BuiltInPackages)
            .Select(p => p with { Settings = userConfig.HostPlugins.FirstOrDefault(s => s.Id == p.Id) })
            .ToList();
        services.AddSingleton(new ExtensionPlugins(loaded));
        services.AddSingleton<DataConnection>();
        services.AddSingleton(sp => new HostPlugins(sp.GetRequiredService<DataConnection>(), sp.GetRequiredService<ExtensionPlugins>(), sp.GetRequiredService<ILogger<HostPlugins>>()));
        return services;
    }
}
