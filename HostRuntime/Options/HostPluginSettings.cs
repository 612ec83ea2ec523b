namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// One <c>host.hostPlugins[]</c> entry of the <c>--user-config</c> file: the plugin it enables and the host-wide
/// config and secrets it hands that plugin (<see cref="Plugins.Contract.PluginBinding.HostConfig"/>,
/// <see cref="Plugins.Contract.PluginBinding.HostSecrets"/>).
/// </summary>
public sealed record HostPluginSettings(string Id, IReadOnlyDictionary<string, string> Config, IReadOnlyDictionary<string, string> Secrets);
