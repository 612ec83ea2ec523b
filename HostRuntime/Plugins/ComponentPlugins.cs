using Wasmcloud.HostRuntime.Plugins.Blobstore;
using Wasmcloud.HostRuntime.Plugins.KeyValue;
using Wasmcloud.HostRuntime.Plugins.Messaging;
using Wasmcloud.HostRuntime.Plugins.Secrets;

namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// What the host plugins know about one component of one workload: its key-value, messaging and secrets bindings, built from
/// the workload's <c>hostInterfaces</c> at start. Every store of the component carries it
/// (<see cref="Execution.ComponentModel.ComponentStore.Plugins"/>), which is how the plugin host functions — defined
/// once on the engine's shared linker — find the workload they serve.
/// </summary>
internal sealed class ComponentPlugins
{
    public static readonly ComponentPlugins None = new();

    /// <summary>Null when the workload declares no unnamed <c>wasi:keyvalue</c> entry.</summary>
    public KeyValueBinding? KeyValue { get; init; }

    /// <summary>Null when the workload declares no <c>wasmcloud:messaging</c> entry.</summary>
    public MessagingBinding? Messaging { get; init; }

    /// <summary>Null when the workload declares no <c>wasmcloud:secrets</c> entry.</summary>
    public SecretsBinding? Secrets { get; init; }

    /// <summary>What each plugin from the plugins folder bound for this component, by plugin id; null when none is declared.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>Null when the workload declares no unnamed <c>wasi:blobstore</c> entry.</summary>
    public BlobstoreBinding? Blobstore { get; init; }

    /// <summary>The bindings of the workload's named <c>wasi:keyvalue</c> entries, by entry name.</summary>
    public IReadOnlyDictionary<string, KeyValueBinding> NamedKeyValue { get; init; } = new Dictionary<string, KeyValueBinding>();

    /// <summary>The bindings of the workload's named <c>wasi:blobstore</c> entries, by entry name.</summary>
    public IReadOnlyDictionary<string, BlobstoreBinding> NamedBlobstore { get; init; } = new Dictionary<string, BlobstoreBinding>();

    /// <summary>The bindings of the workload's named <c>wasmcloud:secrets</c> entries, by entry name.</summary>
    public IReadOnlyDictionary<string, SecretsBinding> NamedSecrets { get; init; } = new Dictionary<string, SecretsBinding>();

    /// <summary>
    /// The component's imports served by named entries, sorted by label. Empty for most components, which then share
    /// the engine's one linker; otherwise the engine gives them a linker that also defines these labels
    /// (<see cref="Execution.WasmEngine.LinkerFor"/>).
    /// </summary>
    public IReadOnlyList<NamedImport> NamedImports { get; init; } = [];
}
