namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// A WebAssembly proposal <c>--wasm-proposal</c> switches on in the engine (reference §5.1). Each maps onto the
/// Wasmtime 50.0.1 C API setting of the same name. Wasmtime 50.0.1 already enables the core-Wasm ones by default, so
/// for those the flag pins them on rather than changing what compiles. <c>component-model-async</c> and <c>threads</c>
/// are refused by the parser (<see cref="WasmProposalNames.Parse"/>).
/// </summary>
public enum WasmProposal
{
    /// <summary><c>gc</c>: the GC proposal (and the function-references proposal it builds on).</summary>
    Gc,

    /// <summary><c>exception-handling</c>: <c>try_table</c>, <c>throw</c>, exception references.</summary>
    ExceptionHandling,

    /// <summary><c>wide-arithmetic</c>: 128-bit <c>i64.add128</c>, <c>i64.mul_wide_*</c>.</summary>
    WideArithmetic,

    /// <summary><c>tail-call</c>: <c>return_call</c>.</summary>
    TailCall,

    /// <summary><c>component-model-map</c>: the component-model <c>map&lt;k, v&gt;</c> type.</summary>
    ComponentModelMap,
}
