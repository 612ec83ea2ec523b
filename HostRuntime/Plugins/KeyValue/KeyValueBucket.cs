using NATS.Client.KeyValueStore;

namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>The object behind a guest's <c>wasi:keyvalue/store.bucket</c> handle: an opened JetStream KV bucket.</summary>
internal sealed record KeyValueBucket(string Identifier, INatsKVStore Store);
