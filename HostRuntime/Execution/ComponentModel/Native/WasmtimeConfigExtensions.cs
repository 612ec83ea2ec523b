using Wasmcloud.HostRuntime.Options;
using Wasmtime;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

/// <summary>Engine settings the .NET binding has no method for, set on its <see cref="Config"/> through the C API.</summary>
internal static class WasmtimeConfigExtensions
{
    /// <summary>
    /// Turns off Wasmtime's concurrency support (the component-model-async machinery; on by default), so a guest →
    /// host call keeps its borrows in a plain per-call scope instead of a host task created on demand.
    /// </summary>
    /// <remarks>
    /// Why: with concurrency support on, Wasmtime 50.0.1 traps every call of a dynamic host function (the C API's
    /// <c>wasmtime_component_linker_instance_add_func</c>, which is how every import of ours is defined) that lifts
    /// two or more <c>borrow</c> handles of host resources, with "BUG: deferred host scope has no call context"
    /// (resources.rs:328), before the callback is entered. That breaks <c>wasi:blobstore</c>
    /// <c>container.write-data</c>, <c>output-stream.splice</c> and <c>wasi:io/poll.poll</c> over two pollables.
    /// Without concurrency support the same calls work (<c>TwoBorrowsTests</c>). Nothing here uses async
    /// component-model features: the guests we serve are wasi 0.2 components, whose imports are all synchronous.
    /// </remarks>
    public static Config WithoutConcurrencySupport(this Config config)
    {
        WasmtimeNative.ConfigConcurrencySupportSet(WasmtimeHandles.Of(config), false);
        return config;
    }

    /// <summary>
    /// Accepts the component-model <c>implements</c> name option (WAT <c>(import "cache" (implements "wasi:keyvalue/store@…"))</c>),
    /// how toolchains encode a named import of an interface; Wasmtime 50.0.1 refuses such components unless it is on.
    /// </summary>
    public static Config WithComponentModelImplements(this Config config)
    {
        WasmtimeNative.ConfigComponentModelImplementsSet(WasmtimeHandles.Of(config), true);
        return config;
    }

    /// <summary>Switches on the proposals of <c>--wasm-proposal</c> (reference §5.1); the others keep Wasmtime's defaults.</summary>
    public static Config WithWasmProposals(this Config config, IReadOnlyCollection<WasmProposal> proposals)
    {
        var handle = WasmtimeHandles.Of(config);
        foreach (var proposal in proposals)
        {
            switch (proposal)
            {
                case WasmProposal.Gc:
                    // GC types build on typed function references; Wasmtime refuses gc without them.
                    WasmtimeNative.ConfigWasmFunctionReferencesSet(handle, true);
                    WasmtimeNative.ConfigWasmGcSet(handle, true);
                    break;
                case WasmProposal.ExceptionHandling:
                    WasmtimeNative.ConfigWasmExceptionsSet(handle, true);
                    break;
                case WasmProposal.WideArithmetic:
                    WasmtimeNative.ConfigWasmWideArithmeticSet(handle, true);
                    break;
                case WasmProposal.TailCall:
                    WasmtimeNative.ConfigWasmTailCallSet(handle, true);
                    break;
                case WasmProposal.ComponentModelMap:
                    WasmtimeNative.ConfigWasmComponentModelMapSet(handle, true);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(proposals), proposal, "unknown proposal");
            }
        }

        return config;
    }
}
