using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmtime;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Execution;

/// <summary>
/// A lease on a compiled module or component, shared by every workload that loaded the same bytes. Disposing the
/// lease releases it; the artefact itself is freed when its last lease goes.
/// </summary>
public sealed class CompiledWasm : IDisposable
{
    private readonly Action _release;
    private int _disposed;

    internal CompiledWasm(string digest, Module? module, WasmComponent? component, Action release, ComponentNames? componentNames = null)
    {
        ComponentNames = componentNames;
        Digest = digest;
        Module = module;
        Component = component;
        _release = release;
    }

    /// <summary><c>sha256:…</c> of the Wasm bytes.</summary>
    public string Digest { get; }

    public WasmKind Kind => Module is not null ? WasmKind.Module : WasmKind.Component;

    /// <summary>Set when <see cref="Kind"/> is <see cref="WasmKind.Module"/>.</summary>
    public Module? Module { get; }

    /// <summary>Set when <see cref="Kind"/> is <see cref="WasmKind.Component"/>.</summary>
    public WasmComponent? Component { get; }

    /// <summary>A component binary's top-level import and export names; null for modules, text-format input or unreadable binaries.</summary>
    internal ComponentNames? ComponentNames { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _release();
        }
    }
}
