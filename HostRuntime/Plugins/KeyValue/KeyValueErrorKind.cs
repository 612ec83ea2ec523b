namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>The cases of <c>wasi:keyvalue/store.error</c>.</summary>
internal enum KeyValueErrorKind
{
    NoSuchStore,
    AccessDenied,
    Other,
}
