using NATS.Client.KeyValueStore;

namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>
/// The object behind a guest's <c>wasi:keyvalue/store.bucket</c> handle: an opened JetStream KV bucket, and the binding
/// (the <c>hostInterfaces</c> entry) it was opened through, which serves every call on it.
/// </summary>
internal sealed record KeyValueBucket(string Identifier, INatsKVStore Store, KeyValueBinding Binding);
