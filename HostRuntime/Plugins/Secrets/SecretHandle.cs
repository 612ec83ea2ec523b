namespace Wasmcloud.HostRuntime.Plugins.Secrets;

/// <summary>
/// The object behind a guest's <c>wasmcloud:secrets/store.secret</c> handle: the key and the binding (the
/// <c>hostInterfaces</c> entry) it was found in. The value stays in the binding until <c>reveal</c>, so no handle, log
/// line or exception message can carry it.
/// </summary>
internal sealed class SecretHandle(string key, SecretsBinding binding)
{
    public string Key { get; } = key;

    public SecretsBinding Binding { get; } = binding;

    public override string ToString() => $"secret '{Key}'";
}
