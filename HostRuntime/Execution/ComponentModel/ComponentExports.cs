using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// Lookup of a component's exported functions by name, done once per compiled component: the export index it yields
/// is valid for every instance of that component. Owns the native indexes it hands out.
/// </summary>
internal sealed unsafe class ComponentExports : IDisposable
{
    private readonly IntPtr _component;
    private readonly List<IntPtr> _indexes = [];

    /// <param name="component">A <c>wasmtime_component_t*</c> that outlives this object.</param>
    public ComponentExports(IntPtr component) => _component = component;

    /// <summary>The index of function <paramref name="function"/> in exported instance <paramref name="instance"/>, or zero.</summary>
    public IntPtr Find(string instance, string function)
    {
        var outer = Lookup(IntPtr.Zero, instance);
        if (outer == IntPtr.Zero)
        {
            return IntPtr.Zero;
        }

        var inner = Lookup(outer, function);
        return inner;
    }

    /// <summary>The index of a function exported at the component's root, or zero.</summary>
    public IntPtr Find(string function) => Lookup(IntPtr.Zero, function);

    /// <summary>The first of <paramref name="instances"/> (say, versions newest first) the component exports, with the function's index.</summary>
    public (string Instance, IntPtr Index)? FindFirst(IEnumerable<string> instances, string function)
    {
        foreach (var instance in instances)
        {
            if (Find(instance, function) is var index && index != IntPtr.Zero)
            {
                return (instance, index);
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var index in _indexes)
        {
            WasmtimeNative.ExportIndexDelete(index);
        }

        _indexes.Clear();
    }

    private IntPtr Lookup(IntPtr parent, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        IntPtr index;
        fixed (byte* text = bytes)
        {
            index = WasmtimeNative.ComponentGetExportIndex(_component, parent, text, (nuint)bytes.Length);
        }

        if (index != IntPtr.Zero)
        {
            _indexes.Add(index);
        }

        return index;
    }
}
