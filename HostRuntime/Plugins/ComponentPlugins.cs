using Wasmcloud.HostRuntime.Plugins.Blobstore;
using Wasmcloud.HostRuntime.Plugins.KeyValue;
using Wasmcloud.HostRuntime.Plugins.Messaging;

namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// What the host plugins know about one component of one workload: its key-value and messaging bindings, built from
/// the workload's <c>hostInterfaces</c> at start. Every store of the component carries it
/// (<see cref="Execution.ComponentModel.ComponentStore.Plugins"/>), which is how the plugin host functions — defined
/// once on the engine's shared linker — find the workload they serve.
/// </summary>
internal sealed class ComponentPlugins
{
    public static readonly ComponentPlugins None = new();

    /// <summary>Null when the workload declares no <c>wasi:keyvalue</c> entry.</summary>
    public KeyValueBinding? KeyValue { get; init; }

    /// <summary>Null when the workload declares no <c>wasmcloud:messaging</c> entry.</summary>
    public MessagingBinding? Messaging { get; init; }

    /// <summary>Null when the workload declares no <c>wasi:blobstore</c> entry.</summary>
    public BlobstoreBinding? Blobstore { get; init; }
}
