namespace Wasmcloud.HostRuntime.Plugins;

public static class HostPluginsServiceCollectionExtensions
{
    /// <summary>The data connection and the built-in host plugins (keyvalue, messaging).</summary>
    public static IServiceCollection AddHostPlugins(this IServiceCollection services)
    {
        services.AddSingleton<DataConnection>();
        services.AddSingleton<HostPlugins>();
        return services;
    }
}
