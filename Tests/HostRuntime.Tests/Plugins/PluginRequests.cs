using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>Start requests for the plugin fixtures, shaped as the operator sends them.</summary>
internal static class PluginRequests
{
    /// <summary>What this operator and the reference put on every Workload a ReplicaSet makes.</summary>
    public const string TemplateHashAnnotation = "runtime.wasmcloud.dev/workload-replica-set-generation";

    public static string NewHost(string prefix) => $"{prefix}-{Guid.NewGuid():N}.example.com";

    /// <summary>A unique subject prefix, so tests sharing the data NATS never see each other's messages.</summary>
    public static string NewSubjectRoot(string prefix) => $"{prefix}{Guid.NewGuid():N}";

    /// <summary>The keyvalue counter fixture serving <paramref name="host"/>, with <paramref name="keyValueConfig"/> on its wasi:keyvalue entry.</summary>
    public static WorkloadStartRequest KeyValue(string host, IDictionary<string, string>? keyValueConfig = null, bool declareKeyValue = true)
    {
        var world = new WitWorld
        {
            Components = { new Component { Name = "counter", Image = Fixtures.ImageOf(Fixtures.JsKeyValueCounter) } },
            HostInterfaces =
            {
                new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
            },
        };
        if (declareKeyValue)
        {
            var entry = new WitInterface { Namespace = "wasi", Package = "keyvalue", Version = "0.2.0-draft", Interfaces = { "store", "atomics", "batch" } };
            entry.Config.Add(keyValueConfig ?? new Dictionary<string, string>());
            world.HostInterfaces.Add(entry);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload { Namespace = "default", Name = "counter", WitWorld = world },
        };
    }

    /// <summary>
    /// The named-keyvalue fixture serving <paramref name="host"/>, with one wasi:keyvalue entry per item of
    /// <paramref name="entries"/>: its name (the import label it serves) and config.
    /// </summary>
    public static WorkloadStartRequest NamedKeyValue(string host, params (string Name, Dictionary<string, string> Config)[] entries)
    {
        var world = new WitWorld
        {
            Components = { new Component { Name = "named", Image = Fixtures.ImageOf(Fixtures.KeyValueNamed) } },
            HostInterfaces =
            {
                new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
            },
        };
        foreach (var (name, config) in entries)
        {
            var entry = new WitInterface { Name = name, Namespace = "wasi", Package = "keyvalue", Version = "0.2.0-draft", Interfaces = { "store" } };
            entry.Config.Add(config);
            world.HostInterfaces.Add(entry);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload { Namespace = "default", Name = "named", WitWorld = world },
        };
    }

    /// <summary>
    /// The named-blobstore fixture serving <paramref name="host"/>, with one wasi:blobstore entry per item of
    /// <paramref name="entries"/>: its name (the import label it serves) and config.
    /// </summary>
    public static WorkloadStartRequest NamedBlobstore(string host, params (string Name, Dictionary<string, string> Config)[] entries)
    {
        var world = new WitWorld
        {
            Components = { new Component { Name = "named-blobs", Image = Fixtures.ImageOf(Fixtures.BlobstoreNamed) } },
            HostInterfaces =
            {
                new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
            },
        };
        foreach (var (name, config) in entries)
        {
            var entry = new WitInterface { Name = name, Namespace = "wasi", Package = "blobstore", Version = "0.2.0-draft", Interfaces = { "blobstore" } };
            entry.Config.Add(config);
            world.HostInterfaces.Add(entry);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload { Namespace = "default", Name = "named-blobs", WitWorld = world },
        };
    }

    /// <summary>The blobstore fixture serving <paramref name="host"/>, with <paramref name="blobstoreConfig"/> on its wasi:blobstore entry.</summary>
    public static WorkloadStartRequest Blobstore(string host, IDictionary<string, string>? blobstoreConfig = null)
    {
        var entry = new WitInterface { Namespace = "wasi", Package = "blobstore", Version = "0.2.0-draft", Interfaces = { "blobstore", "container", "types" } };
        entry.Config.Add(blobstoreConfig ?? new Dictionary<string, string>());
        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload
            {
                Namespace = "default",
                Name = "blobs",
                WitWorld = new WitWorld
                {
                    Components = { new Component { Name = "blobs", Image = Fixtures.ImageOf(Fixtures.JsBlobStore) } },
                    HostInterfaces =
                    {
                        new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
                        entry,
                    },
                },
            },
        };
    }

    /// <summary>
    /// One replica of deployment <paramref name="deployment"/> running the messaging echo fixture: a Workload named
    /// as a ReplicaSet names it (<c>&lt;deployment&gt;-&lt;rs hash&gt;-&lt;hash&gt;</c>) with the template-hash annotation.
    /// </summary>
    public static WorkloadStartRequest MessagingReplica(string deployment, string subscriptions, string? consumerGroup = null)
    {
        var entry = new WitInterface
        {
            Namespace = "wasmcloud",
            Package = "messaging",
            Version = "0.2.0",
            Interfaces = { "handler", "consumer" },
            Config = { ["subscriptions"] = subscriptions },
        };
        if (consumerGroup is not null)
        {
            entry.Config["consumer_group"] = consumerGroup;
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload
            {
                Namespace = "default",
                Name = $"{deployment}-7c9d4f8b6-{Guid.NewGuid().ToString("N")[..5]}",
                Annotations = { [TemplateHashAnnotation] = "5b8d6f7c9" },
                WitWorld = new WitWorld
                {
                    Components = { new Component { Name = "echo", Image = Fixtures.ImageOf(Fixtures.JsMessagingEcho) } },
                    HostInterfaces = { entry },
                },
            },
        };
    }
}
