using Wasmcloud.HostRuntime.Execution.ComponentModel;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>One pooled instance: its store (created empty, instantiated by its first call) and the calls it has served.</summary>
internal sealed class WarmInstance(ComponentStore store)
{
    public ComponentStore Store { get; } = store;

    /// <summary>Calls served so far, the one in progress included; touched only by the call holding the instance.</summary>
    public int Invocations { get; set; }
}
