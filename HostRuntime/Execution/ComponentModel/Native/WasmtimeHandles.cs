using System.Reflection;
using System.Runtime.InteropServices;
using Wasmtime;
using WasmComponent = Wasmtime.Components.Component;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

/// <summary>
/// The native pointers behind the .NET binding's <see cref="Engine"/> and <see cref="WasmComponent"/>, so the engine
/// (epoch ticker included) and the compiled-component cache of <see cref="WasmEngine"/> serve the C-API path too.
/// The binding keeps them in an internal <c>NativeHandle</c> property, a <see cref="SafeHandle"/>; we read it by
/// reflection once per object. The pointer stays valid while the .NET object is alive and undisposed — the caller
/// holds it (the engine for the host's life, a component through its <see cref="CompiledWasm"/> lease).
/// </summary>
internal static class WasmtimeHandles
{
    private static readonly PropertyInfo EngineHandle = NativeHandleOf(typeof(Engine));
    private static readonly PropertyInfo ComponentHandle = NativeHandleOf(typeof(WasmComponent));
    private static readonly PropertyInfo ConfigHandle = NativeHandleOf(typeof(Config));

    public static IntPtr Of(Engine engine) => Pointer(EngineHandle, engine);

    /// <summary>The <c>wasm_config_t*</c>, for settings the binding has no method for; valid until the engine takes it.</summary>
    public static IntPtr Of(Config config) => Pointer(ConfigHandle, config);

    public static IntPtr Of(WasmComponent component) => Pointer(ComponentHandle, component);

    private static IntPtr Pointer(PropertyInfo property, object owner)
    {
        var handle = (SafeHandle)property.GetValue(owner)!;
        ObjectDisposedException.ThrowIf(handle.IsClosed || handle.IsInvalid, owner);
        return handle.DangerousGetHandle();
    }

    private static PropertyInfo NativeHandleOf(Type type) =>
        type.GetProperty("NativeHandle", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new MissingMemberException(type.FullName, "NativeHandle");
}
