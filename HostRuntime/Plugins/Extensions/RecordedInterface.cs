using Wasmcloud.HostRuntime.Plugins.Contract;

namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>One interface a plugin defined at load time, replayed onto the engine's linker when it is built.</summary>
internal sealed record RecordedInterface(string Name, IReadOnlyList<KeyValuePair<string, PluginFunction>> Functions);
