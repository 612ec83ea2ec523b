namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>The functions of one interface, during <see cref="IPluginLinker.DefineInterface"/>.</summary>
public interface IPluginInterface
{
    /// <summary>
    /// A function, named as the component model names it (<c>greet</c>). Its WIT type comes from the importing
    /// component; <see cref="PluginCall"/> reads and writes the value kinds the contract supports.
    /// </summary>
    void Function(string name, PluginFunction function);
}
