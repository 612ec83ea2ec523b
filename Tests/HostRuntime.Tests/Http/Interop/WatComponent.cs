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
    public WatComponent(string wat, Action<HostLinker> define)
    {
        using (var config = new Config().WithEpochInterruption(true))
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
