using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins.Contract;

namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>An enabled plugin: the instance, the package its interfaces belong to, and what its Define recorded.</summary>
internal sealed record LoadedPlugin(IHostPlugin Plugin, string Namespace, string Package, string SourcePath, IReadOnlyList<RecordedInterface> Interfaces)
{
    public string Id => Plugin.Id;

    /// <summary>The plugin's <c>host.hostPlugins[]</c> entry of <c>--user-config</c>, when it has one.</summary>
    public HostPluginSettings? Settings { get; init; }

    /// <summary><c>namespace:package</c>, what a <c>hostInterfaces</c> entry names and imports start with.</summary>
    public string QualifiedPackage => $"{Namespace}:{Package}";
}
