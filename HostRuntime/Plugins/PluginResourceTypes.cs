namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// Host resource type ids of the plugin interfaces, apart from the WASI ids (below 40) so the two sets never collide.
/// </summary>
internal static class PluginResourceTypes
{
    public const uint KeyValueBucket = 40;
    public const uint Secret = 41;
}
