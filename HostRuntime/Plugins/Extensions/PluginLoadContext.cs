using System.Reflection;
using System.Runtime.Loader;

namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>
/// One plugin's assemblies, isolated from other plugins: its own dependencies resolve from its folder (its
/// <c>.deps.json</c>), while anything the host already has — the contract in <c>Wasmcloud.HostRuntime</c>, the
/// framework, shared packages — comes from the host, so plugin and host agree on the contract's types.
/// </summary>
internal sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext($"plugin:{Path.GetFileNameWithoutExtension(mainAssemblyPath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName())) || IsHostAssembly(assemblyName))
        {
            return null;
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    /// <summary>Assemblies beside the host's own (not yet loaded) also win, so a plugin never brings a second copy of them.</summary>
    private static bool IsHostAssembly(AssemblyName name) =>
        name.Name is { } simple && File.Exists(Path.Combine(AppContext.BaseDirectory, simple + ".dll"));
}
