namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>
/// What a plugin learns when a component of a workload binds to it. <see cref="Config"/> is the workload's
/// <c>hostInterfaces</c> entry config (already merged by the operator from <c>config</c>, <c>configFrom</c> and
/// <c>secretFrom</c>), overridden by the component's <c>localResources.config</c>. <see cref="HostConfig"/> and
/// <see cref="HostSecrets"/> are the host's own settings for the plugin, the same for every workload: the plugin's
/// <c>host.hostPlugins[]</c> entry of the <c>--user-config</c> file (empty without one).
/// </summary>
public sealed record PluginBinding(
    string WorkloadId,
    string WorkloadNamespace,
    string WorkloadName,
    string ComponentName,
    IReadOnlyDictionary<string, string> Config)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>The entry's <c>config</c> and <c>configDir</c> files: host-wide settings, e.g. defaults or endpoints.</summary>
    public IReadOnlyDictionary<string, string> HostConfig { get; init; } = None;

    /// <summary>The entry's <c>secretsDir</c> files (a mounted Secret): credentials the plugin uses. Never log them.</summary>
    public IReadOnlyDictionary<string, string> HostSecrets { get; init; } = None;
}
