using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmtime;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Tests.Http.Interop;

/// <summary>
/// A hand-written component (component text format) compiled on its own engine, epoch interruption on, with a sealed
/// linker holding what the test defines: what the interop tests call into, one store at a time.
/// </summary>
internal sealed class WatComponent : IDisposable
{
    /// <summary>
    /// Component text for a linear memory <c>$mem</c> of <paramref name="pages"/> pages and a <c>$realloc</c> that bumps a
    /// pointer from 1 KiB up and never frees: all the canonical ABI needs to pass strings and lists in a short test.
    /// </summary>
    public static string BumpAllocator(int pages) => $"""
        (core module $memory
          (memory (export "mem") {pages})
          (global $next (mut i32) (i32.const 1024))
          (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                   (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
            (global.set $next (i32.add (local.get $p) (local.get 3)))
            (local.get $p)))
        (core instance $m (instantiate $memory))
        (alias core export $m "mem" (core memory $mem))
        (alias core export $m "realloc" (core func $realloc))
        """;

    public WatComponent(string wat, Action<HostLinker> define)
    {
        // Configured as the host's engine is (WasmEngine): epoch interruption on, concurrency support off.
        using (var config = new Config().WithEpochInterruption(true).WithoutConcurrencySupport())
        {
            Engine = new Engine(config);
        }

        Component = WasmComponent.FromText(Engine, wat);
        Linker = new HostLinker(WasmtimeHandles.Of(Engine));
        define(Linker);
        Linker.Seal();
        Exports = new ComponentExports(WasmtimeHandles.Of(Component));
    }

    public Engine Engine { get; }

    public WasmComponent Component { get; }

    public HostLinker Linker { get; }

    public ComponentExports Exports { get; }

    /// <summary>A new store with the component instantiated in it; <paramref name="host"/> is what the host functions see.</summary>
    public ComponentStore NewStore(TimeSpan? timeout = null, long memoryLimit = 0, object? host = null)
    {
        var store = new ComponentStore(WasmtimeHandles.Of(Engine), memoryLimit, timeout, CancellationToken.None) { Host = host };
        store.Instantiate(Linker, WasmtimeHandles.Of(Component));
        return store;
    }

    public void Dispose()
    {
        Exports.Dispose();
        Linker.Dispose();
        Component.Dispose();
        Engine.Dispose();
    }
}
