namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>
/// A host plugin from outside the built-in set, loaded from the plugins folder (<c>--plugins-dir</c>) when host
/// configuration enables its <see cref="Id"/> (<c>--plugin &lt;id&gt;</c>). The host creates one instance at startup
/// through the public parameterless constructor, calls <see cref="Define"/> once, then <see cref="Bind"/> for every
/// component of every workload whose <c>hostInterfaces</c> declare the plugin's package. See docs/host-plugins.md.
/// </summary>
public interface IHostPlugin
{
    /// <summary>What <c>--plugin</c> names: lower-case letters, digits and dashes, e.g. <c>wasmcloud-example-greeting</c>.</summary>
    string Id { get; }

    /// <summary>
    /// Every interface the plugin provides, fully qualified, e.g. <c>wasmcloud:example/greeting@0.1.0</c>; all of
    /// one package (namespace and package name). <see cref="Define"/> must define exactly these.
    /// </summary>
    IReadOnlyList<string> Interfaces { get; }

    /// <summary>Defines the functions of <see cref="Interfaces"/>. Called once at host startup; an exception stops the host with its message.</summary>
    void Define(IPluginLinker linker);

    /// <summary>
    /// The per-component state the plugin's functions read through <see cref="PluginCall.State{T}"/>, built from the
    /// workload's <c>hostInterfaces</c> entry for the plugin's package. Throw <see cref="PluginBindException"/> for
    /// bad config: the workload's start fails with the message (never put secret config values in it).
    /// </summary>
    object? Bind(PluginBinding binding);
}
