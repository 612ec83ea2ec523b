using Wasmcloud.HostRuntime.Plugins.Contract;

namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>
/// The <see cref="IPluginLinker"/> a plugin's <see cref="IHostPlugin.Define"/> runs against at startup: it only
/// records, so every mistake (an undeclared interface, a function defined twice) is a startup error, and the engine's
/// linker, built later and lazily, replays definitions already known to be well formed.
/// </summary>
internal sealed class RecordingLinker(IHostPlugin plugin) : IPluginLinker
{
    private readonly List<RecordedInterface> _interfaces = [];

    public IReadOnlyList<RecordedInterface> Interfaces => _interfaces;

    public void DefineInterface(string name, Action<IPluginInterface> define)
    {
        if (!plugin.Interfaces.Contains(name, StringComparer.Ordinal))
        {
            throw new PluginLoadException($"plugin '{plugin.Id}' defines {name}, which its Interfaces do not list");
        }

        if (_interfaces.Any(i => i.Name == name))
        {
            throw new PluginLoadException($"plugin '{plugin.Id}' defines {name} twice");
        }

        var functions = new RecordingInterface(plugin.Id, name);
        define(functions);
        _interfaces.Add(new RecordedInterface(name, functions.Functions));
    }

    private sealed class RecordingInterface(string pluginId, string interfaceName) : IPluginInterface
    {
        public List<KeyValuePair<string, PluginFunction>> Functions { get; } = [];

        public void Function(string name, PluginFunction function)
        {
            ArgumentNullException.ThrowIfNull(function);
            if (string.IsNullOrWhiteSpace(name) || Functions.Any(f => f.Key == name))
            {
                throw new PluginLoadException($"plugin '{pluginId}' defines function '{name}' of {interfaceName} twice or without a name");
            }

            Functions.Add(new(name, function));
        }
    }
}
