using System.Runtime.InteropServices;
using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// A component linker whose imports are implemented in C#: interfaces of <see cref="HostFunction"/>s and host
/// resource types. Define everything, <see cref="Seal"/>, then instantiate from any number of threads (Wasmtime's
/// linker is shared read-only once defined). One linker serves every store of the engine.
/// </summary>
/// <remarks>
/// Host functions are dynamically typed: Wasmtime takes each function's type from the component's import at
/// instantiation, so the same definitions satisfy any component whose imports have those names. A definition named
/// <c>pkg:name/iface@0.2.12</c> also satisfies imports of other 0.2.x versions: Wasmtime's linker matches
/// semver-compatible versions.
/// </remarks>
internal sealed unsafe class HostLinker : IDisposable
{
    private readonly List<GCHandle> _functions = [];
    private readonly HashSet<string> _interfaces = new(StringComparer.Ordinal);
    private IntPtr _linker;
    private IntPtr _root;

    public HostLinker(IntPtr engine)
    {
        _linker = WasmtimeNative.LinkerNew(engine);

        // The root instance holds exclusive access to the linker until deleted (linker.h), which Seal does.
        _root = WasmtimeNative.LinkerRoot(_linker);
    }

    public bool IsSealed => _root == IntPtr.Zero;

    /// <summary>Defines the interface <paramref name="name"/> (e.g. <c>wasi:io/poll@0.2.12</c>) through <paramref name="define"/>.</summary>
    /// <exception cref="ComponentModelException">The name is defined twice or is malformed.</exception>
    public void DefineInterface(string name, Action<InterfaceDefinition> define)
    {
        ThrowIfSealed();
        _interfaces.Add(SemverKey(name));
        var bytes = Encoding.UTF8.GetBytes(name);
        IntPtr instance;
        fixed (byte* text = bytes)
        {
            NativeErrors.ThrowIfError(WasmtimeNative.LinkerInstanceAddInstance(_root, text, (nuint)bytes.Length, &instance), $"defining {name}");
        }

        try
        {
            define(new InterfaceDefinition(this, instance, name));
        }
        finally
        {
            // Like the root, a nested instance locks its parent until deleted.
            WasmtimeNative.LinkerInstanceDelete(instance);
        }
    }

    /// <summary>
    /// The imports of a component this linker has no interface for, matched as Wasmtime does: <c>…@0.2.10</c> is
    /// satisfied by <c>…@0.2.12</c> (same major, and same minor below 1.0). Instantiation would fail on them, with a
    /// message naming a function rather than the interface.
    /// </summary>
    public IReadOnlyList<string> MissingImports(IEnumerable<string> imports) =>
        [.. imports.Where(name => !_interfaces.Contains(SemverKey(name)))];

    /// <summary><c>ns:pkg/iface@0.2.3</c> → <c>ns:pkg/iface@0.2</c>; <c>@1.4.0</c> → <c>@1</c>; unversioned names as they are.</summary>
    private static string SemverKey(string name)
    {
        var at = name.LastIndexOf('@');
        if (at < 0)
        {
            return name;
        }

        var parts = name[(at + 1)..].Split('.');
        var key = parts[0] == "0" && parts.Length > 1 ? $"{parts[0]}.{parts[1]}" : parts[0];
        return $"{name[..at]}@{key}";
    }

    /// <summary>Ends definition; instantiation is possible from here on.</summary>
    public void Seal()
    {
        if (_root != IntPtr.Zero)
        {
            WasmtimeNative.LinkerInstanceDelete(_root);
            _root = IntPtr.Zero;
        }
    }

    /// <summary>Instantiates into <paramref name="instanceOut"/>; returns Wasmtime's error, or NULL.</summary>
    internal IntPtr Instantiate(IntPtr context, IntPtr component, byte* instanceOut)
    {
        if (!IsSealed)
        {
            throw new InvalidOperationException("the linker must be sealed before instantiation");
        }

        ObjectDisposedException.ThrowIf(_linker == IntPtr.Zero, this);
        return WasmtimeNative.LinkerInstantiate(_linker, context, component, instanceOut);
    }

    public void Dispose()
    {
        if (_linker == IntPtr.Zero)
        {
            return;
        }

        Seal();
        WasmtimeNative.LinkerDelete(_linker);
        _linker = IntPtr.Zero;

        // Only now can no callback reach the function objects.
        foreach (var handle in _functions)
        {
            handle.Free();
        }

        _functions.Clear();
    }

    private void ThrowIfSealed()
    {
        ObjectDisposedException.ThrowIf(_linker == IntPtr.Zero, this);
        if (IsSealed)
        {
            throw new InvalidOperationException("the linker is sealed");
        }
    }

    /// <summary>Definitions inside one interface, valid only within <see cref="DefineInterface"/>'s callback.</summary>
    internal readonly struct InterfaceDefinition
    {
        private readonly HostLinker _owner;
        private readonly IntPtr _instance;

        internal InterfaceDefinition(HostLinker owner, IntPtr instance, string name)
        {
            _owner = owner;
            _instance = instance;
            Name = name;
        }

        public string Name { get; }

        /// <summary>
        /// A host resource type, told apart from the others by <paramref name="type"/>. When the guest drops an owned
        /// handle, the object is removed from its store's <see cref="ResourceTable"/> and disposed.
        /// </summary>
        public void Resource(string name, uint type)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            var resourceType = WasmtimeNative.ResourceTypeNewHost(type);
            try
            {
                fixed (byte* text = bytes)
                {
                    // The data pointer is the type id itself: nothing to keep alive or finalise.
                    NativeErrors.ThrowIfError(
                        WasmtimeNative.LinkerInstanceAddResource(_instance, text, (nuint)bytes.Length, resourceType, &DropResource, (IntPtr)type, null),
                        $"defining resource {Name}/{name}");
                }
            }
            finally
            {
                // add_resource copies the type (it takes it by reference), so ours is freed here.
                WasmtimeNative.ResourceTypeDelete(resourceType);
            }
        }

        /// <summary>
        /// A function, named as the component model names imports: <c>get-stdout</c>, <c>[constructor]fields</c>,
        /// <c>[method]fields.get</c>, <c>[static]fields.from-list</c>.
        /// </summary>
        public void Function(string name, HostFunction function)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            var handle = GCHandle.Alloc(new BoundFunction($"{Name}#{name}", function));
            _owner._functions.Add(handle);
            fixed (byte* text = bytes)
            {
                NativeErrors.ThrowIfError(
                    WasmtimeNative.LinkerInstanceAddFunc(_instance, text, (nuint)bytes.Length, &InvokeFunction, GCHandle.ToIntPtr(handle), null),
                    $"defining {Name}#{name}");
            }
        }
    }

    private sealed record BoundFunction(string Name, HostFunction Body);

    /// <summary>
    /// Every guest → host call lands here. No .NET exception may cross into Wasmtime: one thrown by a host function is
    /// returned as an error, which traps the guest (and poisons its instance, so the store is discarded). Expected
    /// failures are therefore WIT results written by the function, never exceptions.
    /// </summary>
    [UnmanagedCallersOnly]
    private static IntPtr InvokeFunction(IntPtr data, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        BoundFunction? function = null;
        ComponentStore? store = null;
        try
        {
            function = (BoundFunction)GCHandle.FromIntPtr(data).Target!;
            store = ComponentStore.FromContext(context);
            var call = new HostCall(store, args, (int)argCount, results, (int)resultCount);
            function.Body(ref call);
            call.ReleaseUnread();
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            store?.RecordFault(e);
            return NativeErrors.Create(e is OperationCanceledException
                ? "interrupted while waiting in the host"
                : $"{function?.Name ?? "host function"} failed: {e.Message}");
        }
    }

    [UnmanagedCallersOnly]
    private static IntPtr DropResource(IntPtr data, IntPtr context, uint rep)
    {
        try
        {
            ComponentStore.FromContext(context).Resources.Drop(rep);
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            return NativeErrors.Create($"dropping resource {rep} of type {(uint)data} failed: {e.Message}");
        }
    }
}
