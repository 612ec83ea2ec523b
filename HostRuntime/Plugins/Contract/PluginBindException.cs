namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>Thrown by <see cref="IHostPlugin.Bind"/> when the workload's config is unusable; the start fails with the message.</summary>
public sealed class PluginBindException(string message) : Exception(message);
