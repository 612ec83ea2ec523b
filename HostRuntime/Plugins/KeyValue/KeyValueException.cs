namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>A failure the guest sees as a <c>wasi:keyvalue/store.error</c> value, never as a trap.</summary>
internal sealed class KeyValueException(KeyValueErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public KeyValueErrorKind Kind { get; } = kind;
}
