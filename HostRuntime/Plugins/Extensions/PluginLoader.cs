using System.Reflection;
using System.Text.RegularExpressions;
using Wasmcloud.HostRuntime.Plugins.Contract;

namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>
/// Loads the plugins host configuration enables (<c>--plugin &lt;id&gt;</c>) from the plugins folder
/// (<c>--plugins-dir</c>): every sub-folder <c>&lt;dir&gt;/&lt;name&gt;/</c> holding <c>&lt;name&gt;.dll</c> (a
/// <c>dotnet publish</c> output) is a plugin package, loaded into its own <see cref="PluginLoadContext"/>; its public
/// <see cref="IHostPlugin"/> types are created and the enabled ones defined. Everything that can go wrong goes wrong
/// here, at startup, as a <see cref="PluginLoadException"/> naming the plugin and the file.
/// </summary>
internal static partial class PluginLoader
{
    /// <exception cref="PluginLoadException">The folder, an assembly or a plugin is missing or malformed, or an enabled id is unknown.</exception>
    public static IReadOnlyList<LoadedPlugin> Load(string pluginsDir, IReadOnlyList<string> enabled, IReadOnlyCollection<string> builtInPackages)
    {
        if (enabled.Count == 0)
        {
            return [];
        }

        if (!Directory.Exists(pluginsDir))
        {
            throw new PluginLoadException($"--plugin {enabled[0]}: the plugins folder '{pluginsDir}' does not exist (--plugins-dir)");
        }

        var found = new Dictionary<string, (IHostPlugin Plugin, string Path)>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(pluginsDir).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var plugin in CreatePlugins(path))
            {
                if (found.TryGetValue(plugin.Id, out var other))
                {
                    throw new PluginLoadException($"plugin id '{plugin.Id}' is provided twice: by {other.Path} and {path}");
                }

                found[plugin.Id] = (plugin, path);
            }
        }

        var loaded = new List<LoadedPlugin>();
        foreach (var id in enabled.Distinct(StringComparer.Ordinal))
        {
            if (!found.TryGetValue(id, out var entry))
            {
                var available = found.Count == 0 ? "none" : string.Join(", ", found.Keys.Order(StringComparer.Ordinal));
                throw new PluginLoadException($"--plugin {id}: no plugin with this id in '{pluginsDir}' (found: {available})");
            }

            loaded.Add(Define(entry.Plugin, entry.Path, builtInPackages, loaded));
        }

        return loaded;
    }

    private static List<IHostPlugin> CreatePlugins(string path)
    {
        Type[] types;
        try
        {
            var assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
        {
            throw new PluginLoadException($"plugin assembly {path} cannot be loaded: {e.Message}", e);
        }

        var plugins = new List<IHostPlugin>();
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHostPlugin).IsAssignableFrom(t)))
        {
            try
            {
                plugins.Add((IHostPlugin)Activator.CreateInstance(type)!);
            }
            catch (Exception e) when (e is MissingMethodException or TargetInvocationException or MemberAccessException)
            {
                var reason = e is TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message;
                throw new PluginLoadException($"plugin type {type.FullName} in {path} cannot be created (it needs a public parameterless constructor that does not throw): {reason}", e);
            }
        }

        return plugins;
    }

    private static LoadedPlugin Define(IHostPlugin plugin, string path, IReadOnlyCollection<string> builtInPackages, IReadOnlyList<LoadedPlugin> others)
    {
        if (!IdPattern().IsMatch(plugin.Id ?? ""))
        {
            throw new PluginLoadException($"plugin type {plugin.GetType().FullName} in {path} has the id '{plugin.Id}', which is not lower-case letters, digits and dashes");
        }

        if (plugin.Interfaces is not { Count: > 0 } interfaces)
        {
            throw new PluginLoadException($"plugin '{plugin.Id}' ({path}) lists no interfaces");
        }

        string? qualified = null;
        foreach (var name in interfaces)
        {
            var match = InterfacePattern().Match(name ?? "");
            if (!match.Success)
            {
                throw new PluginLoadException($"plugin '{plugin.Id}' ({path}) lists '{name}', which is not namespace:package/interface@version");
            }

            var package = $"{match.Groups["ns"].Value}:{match.Groups["pkg"].Value}";
            if (qualified is not null && qualified != package)
            {
                throw new PluginLoadException($"plugin '{plugin.Id}' ({path}) lists interfaces of two packages, {qualified} and {package}");
            }

            qualified = package;
        }

        if (qualified!.StartsWith("wasi:", StringComparison.Ordinal) || builtInPackages.Contains(qualified))
        {
            throw new PluginLoadException($"plugin '{plugin.Id}' ({path}) provides {qualified}, which this host provides itself");
        }

        if (others.FirstOrDefault(o => o.QualifiedPackage == qualified) is { } clash)
        {
            throw new PluginLoadException($"plugins '{clash.Id}' and '{plugin.Id}' both provide {qualified}");
        }

        var linker = new RecordingLinker(plugin);
        try
        {
            plugin.Define(linker);
        }
        catch (PluginLoadException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new PluginLoadException($"plugin '{plugin.Id}' ({path}) failed in Define: {e.Message}", e);
        }

        var missing = interfaces.Except(linker.Interfaces.Select(i => i.Name), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new PluginLoadException($"plugin '{plugin.Id}' ({path}) lists {string.Join(", ", missing)} but does not define it");
        }

        var separator = qualified.IndexOf(':', StringComparison.Ordinal);
        return new LoadedPlugin(plugin, qualified[..separator], qualified[(separator + 1)..], path, linker.Interfaces);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^(?<ns>[a-z][a-z0-9-]*):(?<pkg>[a-z][a-z0-9-]*)/[a-z][a-z0-9-]*@[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex InterfacePattern();
}
