namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>
/// A plugin's host function. It runs on the guest's thread: block only briefly. Expected failures are WIT results
/// written through <paramref name="call"/>; an exception traps the guest and fails its request.
/// </summary>
public delegate void PluginFunction(PluginCall call);
