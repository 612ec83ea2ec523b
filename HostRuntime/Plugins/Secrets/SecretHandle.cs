namespace Wasmcloud.HostRuntime.Plugins.Secrets;

/// <summary>
/// The object behind a guest's <c>wasmcloud:secrets/store.secret</c> handle: only the key. The value stays in the
/// binding until <c>reveal</c>, so no handle, log line or exception message can carry it.
/// </summary>
internal sealed class SecretHandle(string key)
{
    public string Key { get; } = key;

    public override string ToString() => $"secret '{Key}'";
}
