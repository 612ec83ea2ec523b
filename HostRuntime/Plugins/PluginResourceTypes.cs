namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// Host resource type ids of the plugin interfaces, apart from the WASI ids (below 40) so the two sets never collide.
/// </summary>
internal static class PluginResourceTypes
{
    public const uint KeyValueBucket = 40;
    public const uint Secret = 41;

    public const uint BlobContainer = 50;
    public const uint BlobOutgoingValue = 51;
    public const uint BlobIncomingValue = 52;
    public const uint BlobObjectNames = 53;
}
