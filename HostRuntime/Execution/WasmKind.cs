namespace Wasmcloud.HostRuntime.Execution;

/// <summary>What a Wasm binary is, read from its header.</summary>
public enum WasmKind
{
    /// <summary>A core module (<c>\0asm</c> version 1); a WASI preview1 command when it exports <c>_start</c>.</summary>
    Module,

    /// <summary>A component-model component (<c>\0asm</c> layer 1).</summary>
    Component,
}
