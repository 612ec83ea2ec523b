namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>Where an <see cref="IHostPlugin"/> defines its interfaces; valid only during <see cref="IHostPlugin.Define"/>.</summary>
public interface IPluginLinker
{
    /// <summary>Defines the interface <paramref name="name"/> (one of the plugin's <see cref="IHostPlugin.Interfaces"/>) through <paramref name="define"/>.</summary>
    void DefineInterface(string name, Action<IPluginInterface> define);
}
