using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Plugins.Blobstore;
using Wasmcloud.HostRuntime.Plugins.KeyValue;
using Wasmcloud.HostRuntime.Plugins.Extensions;
using Wasmcloud.HostRuntime.Plugins.Messaging;
using Wasmcloud.HostRuntime.Plugins.Secrets;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// The host plugins built into this host (reference §5.4): <c>wasi:keyvalue</c> on JetStream KV,
/// <c>wasi:blobstore</c> on the JetStream object store and <c>wasmcloud:messaging</c> on core NATS, all over the data
/// connection, and <c>wasmcloud:secrets</c> served from the values the operator materialised from <c>secretFrom</c>.
/// Their interfaces are defined once on the engine's shared component linker (<see cref="Define"/>), plus, for a
/// component importing by a named entry's label, on a linker with those labels (<see cref="DefineNamed"/>); at
/// workload start <see cref="Bind"/> turns the workload's <c>hostInterfaces</c> into the per-component state their
/// host functions read from the store, and <see cref="CreateSubscription"/> wires an exported messaging handler to
/// its subscriptions.
/// </summary>
public sealed partial class HostPlugins
{
    private readonly DataConnection _data;
    private readonly ExtensionPlugins _extensions;
    private readonly ILogger<HostPlugins> _logger;

    internal HostPlugins(DataConnection data, ExtensionPlugins extensions, ILogger<HostPlugins> logger)
    {
        _data = data;
        _extensions = extensions;
        _logger = logger;
    }

    /// <summary>The packages the built-in plugins provide (every <c>wasi:*</c> one is the host's too); a plugin from the plugins folder may not provide them.</summary>
    internal static readonly IReadOnlyCollection<string> BuiltInPackages = [KeyValueInterfaces.Package, MessagingInterfaces.Package, SecretsInterfaces.Package];

    /// <summary>The registration hook the engine calls while building its linker.</summary>
    internal static void Define(HostLinker linker)
    {
        KeyValueInterfaces.Define(linker);
        MessagingInterfaces.Define(linker);
        SecretsInterfaces.Define(linker);
        BlobstoreInterfaces.Define(linker);
    }

    /// <summary>Defines the instance a component imports under a named entry's label (see <see cref="NamedImport"/>).</summary>
    internal static void DefineNamed(HostLinker linker, NamedImport import)
    {
        switch (import.Package)
        {
            case KeyValueInterfaces.Package:
                KeyValueInterfaces.DefineNamed(linker, import.Label);
                break;
            case BlobstoreInterfaces.Package:
                BlobstoreInterfaces.DefineNamed(linker, import.Label);
                break;
            case SecretsInterfaces.Package:
                SecretsInterfaces.DefineNamed(linker, import.Label);
                break;
            default:
                throw new ArgumentException($"{import.Package} has no named instances", nameof(import));
        }
    }

    /// <summary>The packages whose entries may have a name that a component imports by (reference §5.4, the multiplexed plugins).</summary>
    internal static readonly IReadOnlyCollection<string> NamedPackages = [KeyValueInterfaces.Package, BlobstoreInterfaces.Package, SecretsInterfaces.Package];

    /// <summary>
    /// The plugin state of <paramref name="component"/>: a keyvalue binding when the workload has a <c>wasi:keyvalue</c>
    /// entry, a messaging binding when it has a <c>wasmcloud:messaging</c> one.
    /// </summary>
    /// <exception cref="WorkloadStartException">The component imports a plugin interface the workload does not declare, or a config value is malformed.</exception>
    internal ComponentPlugins Bind(Workload workload, string workloadId, Component component, string componentName, CompiledWasm wasm)
    {
        var owner = $"component '{componentName}'";
        var entries = workload.WitWorld.HostInterfaces;
        var keyValueEntry = Unnamed(entries, "wasi", "keyvalue");
        var messagingEntry = Unnamed(entries, "wasmcloud", "messaging");
        var secretsEntry = Unnamed(entries, "wasmcloud", "secrets");
        var blobstoreEntry = Unnamed(entries, "wasi", "blobstore");
        var imports = wasm.ComponentNames?.Imports ?? [];
        var namedEntries = entries.Where(e => !string.IsNullOrEmpty(e.Name) && NamedPackages.Contains(QualifiedPackage(e))).ToList();
        var namedKeyValueEntry = namedEntries.FirstOrDefault(e => QualifiedPackage(e) == KeyValueInterfaces.Package);
        var namedBlobstoreEntry = namedEntries.FirstOrDefault(e => QualifiedPackage(e) == BlobstoreInterfaces.Package);
        var namedSecretsEntry = namedEntries.FirstOrDefault(e => QualifiedPackage(e) == SecretsInterfaces.Package);

        // Only the interface that opens buckets (containers) needs the unnamed entry: the others work on handles, which
        // carry the entry they were opened through, so a component whose opener is a named import (whose world still
        // imports the unnamed interfaces that define the handle types) needs a named entry only.
        (string Prefix, WitInterface? Entry, string Declared)[] required =
        [
            (KeyValueInterfaces.Package + "/store@", keyValueEntry, namedKeyValueEntry is null ? "wasi:keyvalue" : "unnamed wasi:keyvalue"),
            (KeyValueInterfaces.Package + "/", keyValueEntry ?? namedKeyValueEntry, "wasi:keyvalue"),
            (MessagingInterfaces.Package + "/consumer", messagingEntry, "wasmcloud:messaging"),
            (SecretsInterfaces.Package + "/store@", secretsEntry, namedSecretsEntry is null ? "wasmcloud:secrets" : "unnamed wasmcloud:secrets"),
            (SecretsInterfaces.Package + "/", secretsEntry ?? namedSecretsEntry, "wasmcloud:secrets"),
            (BlobstoreInterfaces.Package + "/blobstore@", blobstoreEntry, namedBlobstoreEntry is null ? "wasi:blobstore" : "unnamed wasi:blobstore"),
            (BlobstoreInterfaces.Package + "/", blobstoreEntry ?? namedBlobstoreEntry, "wasi:blobstore"),
        ];
        foreach (var import in imports)
        {
            foreach (var (prefix, entry, declared) in required)
            {
                if (entry is null && import.StartsWith(prefix, StringComparison.Ordinal))
                {
                    throw new WorkloadStartException($"{owner} imports {import}, but the workload's hostInterfaces declare no {declared} entry");
                }
            }
        }

        var namedImports = NamedImportsOf(owner, entries, imports, wasm.ComponentNames?.Implements);
        var extensions = _extensions.Bind(workload, workloadId, component, componentName, imports);
        if (keyValueEntry is null && messagingEntry is null && secretsEntry is null && blobstoreEntry is null && extensions is null && namedEntries.Count == 0)
        {
            return ComponentPlugins.None;
        }

        try
        {
            var (namedKeyValue, namedBlobstore, namedSecrets) = BindNamed(namedEntries, workloadId);
            return new ComponentPlugins
            {
                NamedKeyValue = namedKeyValue,
                NamedBlobstore = namedBlobstore,
                NamedSecrets = namedSecrets,
                NamedImports = namedImports,
                KeyValue = keyValueEntry is null
                    ? null
                    : new KeyValueBinding(_data, KeyValueSettings.Parse(keyValueEntry.Config), workloadId, _logger),
                Messaging = messagingEntry is null
                    ? null
                    : new MessagingBinding(_data, MessagingSettings.Parse(MessagingConfig(messagingEntry, component), QueueGroups.DefaultFor(workload, componentName))),
                Secrets = secretsEntry is null ? null : new SecretsBinding(new Dictionary<string, string>(secretsEntry.Config, StringComparer.Ordinal)),
                Extensions = extensions,
                Blobstore = blobstoreEntry is null ? null : new BlobstoreBinding(_data, BlobstoreSettings.Parse(blobstoreEntry.Config), workloadId, _logger),
            };
        }
        catch (WorkloadStartException e)
        {
            throw new WorkloadStartException($"{owner}: {e.Message}");
        }
    }

    /// <summary>
    /// The subscriptions of a component that exports <c>wasmcloud:messaging/handler</c> and has subjects to
    /// subscribe to; null otherwise. Not started: <see cref="MessageSubscription.StartAsync"/> subscribes.
    /// </summary>
    internal MessageSubscription? CreateSubscription(WasmEngine engine, CompiledWasm wasm, MessageHandlerSettings settings, InflightGate gate, CancellationToken stopping)
    {
        if (settings.Plugins.Messaging is not { } messaging)
        {
            return null;
        }

        var handler = ComponentMessageHandler.TryCreate(engine, wasm, settings, _logger);
        if (handler is null)
        {
            return null;
        }

        if (messaging.Settings.Subscriptions.Count == 0)
        {
            LogNoSubscriptions(settings.WorkloadId, settings.ComponentName);
            handler.Dispose();
            return null;
        }

        return new MessageSubscription(_data, handler, gate, _logger, stopping);
    }

    /// <summary>The bindings of the named entries, by entry name, per package.</summary>
    /// <exception cref="WorkloadStartException">An entry's config is malformed or asks for another backend; the message names the entry.</exception>
    private (Dictionary<string, KeyValueBinding>, Dictionary<string, BlobstoreBinding>, Dictionary<string, SecretsBinding>) BindNamed(
        IEnumerable<WitInterface> namedEntries, string workloadId)
    {
        var keyValue = new Dictionary<string, KeyValueBinding>(StringComparer.Ordinal);
        var blobstore = new Dictionary<string, BlobstoreBinding>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, SecretsBinding>(StringComparer.Ordinal);
        foreach (var entry in namedEntries)
        {
            try
            {
                switch (QualifiedPackage(entry))
                {
                    case KeyValueInterfaces.Package:
                        keyValue[entry.Name] = new KeyValueBinding(_data, KeyValueSettings.Parse(entry.Config), workloadId, _logger);
                        break;
                    case BlobstoreInterfaces.Package:
                        blobstore[entry.Name] = new BlobstoreBinding(_data, BlobstoreSettings.Parse(entry.Config), workloadId, _logger);
                        break;
                    default:
                        secrets[entry.Name] = new SecretsBinding(new Dictionary<string, string>(entry.Config, StringComparer.Ordinal));
                        break;
                }
            }
            catch (WorkloadStartException e)
            {
                throw new WorkloadStartException($"hostInterfaces entry '{entry.Name}': {e.Message}");
            }
        }

        return (keyValue, blobstore, secrets);
    }

    /// <summary>
    /// The component's imports that a named entry serves: those with a plain name (WIT's <c>import cache: …;</c>, with
    /// or without the <c>implements</c> option saying which interface it is). Each must name an entry of a package
    /// that serves named imports, of the interface's package when the import says it.
    /// </summary>
    /// <exception cref="WorkloadStartException">A plain-named import has no such entry.</exception>
    private static List<NamedImport> NamedImportsOf(string owner, IReadOnlyList<WitInterface> entries, IReadOnlyList<string> imports, IReadOnlyDictionary<string, string>? implements)
    {
        var named = new List<NamedImport>();
        foreach (var import in imports.Where(i => !i.Contains(':', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            string? interfaceName = null;
            implements?.TryGetValue(import, out interfaceName);
            var shown = interfaceName is null ? $"'{import}'" : $"'{import}' ({interfaceName})";
            var candidates = entries.Where(e => e.Name == import).ToList();
            if (interfaceName is not null)
            {
                var package = interfaceName.Split('/')[0];
                if (candidates.Count > 0 && candidates.All(e => QualifiedPackage(e) != package))
                {
                    throw new WorkloadStartException(
                        $"{owner} imports {shown}, but the workload's hostInterfaces entry named '{import}' is {QualifiedPackage(candidates[0])}, not {package}");
                }

                candidates = candidates.Where(e => QualifiedPackage(e) == package).ToList();
            }

            var packages = candidates.Select(QualifiedPackage).Distinct(StringComparer.Ordinal).ToList();
            switch (packages.Count)
            {
                case 0:
                    throw new WorkloadStartException(
                        $"{owner} imports {shown}, but the workload's hostInterfaces have no entry named '{import}' (a named import is served by the entry of that name)");
                case > 1:
                    throw new WorkloadStartException(
                        $"{owner} imports '{import}' without saying which interface it is, and the workload's hostInterfaces have entries named '{import}' for {string.Join(" and ", packages)}");
            }

            if (!NamedPackages.Contains(packages[0]))
            {
                throw new WorkloadStartException(
                    $"{owner} imports {shown} from the hostInterfaces entry named '{import}', but {packages[0]} entries cannot be imported by name on this host (only {string.Join(", ", NamedPackages)})");
            }

            named.Add(new NamedImport(import, packages[0]));
        }

        return named;
    }

    private static string QualifiedPackage(WitInterface entry) => $"{entry.Namespace}:{entry.Package}";

    private static WitInterface? Unnamed(IEnumerable<WitInterface> entries, string ns, string package) =>
        entries.FirstOrDefault(e => e.Namespace == ns && e.Package == package && string.IsNullOrEmpty(e.Name));

    /// <summary>The interface entry's config, overridden by the component's <c>localResources.config</c> (reference §5.4).</summary>
    private static Dictionary<string, string> MessagingConfig(WitInterface entry, Component component)
    {
        var merged = new Dictionary<string, string>(entry.Config, StringComparer.Ordinal);
        foreach (var (key, value) in component.LocalResources?.Config ?? [])
        {
            merged[key] = value;
        }

        return merged;
    }

    [LoggerMessage(EventId = 5831, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' exports a messaging handler but its config has no subscriptions")]
    private partial void LogNoSubscriptions(string workloadId, string component);
}
