namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>A plugin named by <c>--plugin</c> cannot be loaded or is malformed; the host does not start.</summary>
public sealed class PluginLoadException(string message, Exception? inner = null) : Exception(message, inner);
