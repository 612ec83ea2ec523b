using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Plugins.Contract;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Plugins.Extensions;

/// <summary>
/// The plugins loaded from the plugins folder (docs/host-plugins.md): defined on the engine's shared linker next to
/// the built-in ones, and bound per component from the workload's <c>hostInterfaces</c> entry for their package.
/// </summary>
internal sealed class ExtensionPlugins(IReadOnlyList<LoadedPlugin> plugins)
{
    public static readonly ExtensionPlugins None = new([]);

    public IReadOnlyList<LoadedPlugin> Plugins => plugins;

    public void Define(HostLinker linker)
    {
        foreach (var plugin in plugins)
        {
            foreach (var recorded in plugin.Interfaces)
            {
                linker.DefineInterface(recorded.Name, i =>
                {
                    foreach (var (name, function) in recorded.Functions)
                    {
                        var id = plugin.Id;
                        i.Function(name, (ref HostCall call) => function(new PluginCall(call, id)));
                    }
                });
            }
        }
    }

    /// <summary>The state of every plugin the workload declares, by plugin id; null when it declares none.</summary>
    /// <exception cref="WorkloadStartException">The component imports a plugin's interface the workload does not declare, or the plugin refuses the config.</exception>
    public Dictionary<string, object?>? Bind(Workload workload, string workloadId, Component component, string componentName, IReadOnlyList<string> imports)
    {
        Dictionary<string, object?>? states = null;
        foreach (var plugin in plugins)
        {
            var entry = workload.WitWorld.HostInterfaces.FirstOrDefault(e =>
                e.Namespace == plugin.Namespace && e.Package == plugin.Package && string.IsNullOrEmpty(e.Name));
            if (entry is null)
            {
                if (imports.FirstOrDefault(i => i.StartsWith(plugin.QualifiedPackage + "/", StringComparison.Ordinal)) is { } import)
                {
                    throw new WorkloadStartException($"component '{componentName}' imports {import}, but the workload's hostInterfaces declare no {plugin.QualifiedPackage} entry");
                }

                continue;
            }

            var config = new Dictionary<string, string>(entry.Config, StringComparer.Ordinal);
            foreach (var (key, value) in component.LocalResources?.Config ?? [])
            {
                config[key] = value;
            }

            var binding = new PluginBinding(workloadId, workload.Namespace, workload.Name, componentName, config);
            if (plugin.Settings is { } settings)
            {
                binding = binding with { HostConfig = settings.Config, HostSecrets = settings.Secrets };
            }

            object? state;
            try
            {
                state = plugin.Plugin.Bind(binding);
            }
            catch (PluginBindException e)
            {
                throw new WorkloadStartException($"component '{componentName}': plugin '{plugin.Id}': {e.Message}");
            }
            catch (Exception e)
            {
                throw new WorkloadStartException($"component '{componentName}': plugin '{plugin.Id}' failed to bind ({e.GetType().Name})");
            }

            (states ??= new(StringComparer.Ordinal))[plugin.Id] = state;
        }

        return states;
    }
}
