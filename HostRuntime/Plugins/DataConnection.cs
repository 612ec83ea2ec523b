using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// The host's connection to the data NATS (<c>--data-nats-url</c>), which host plugins use for workload traffic
/// (key-value, messaging), kept apart from the control connection so a busy workload can never delay heartbeats or
/// commands. It connects on first use: a host whose workloads use no plugin never dials it.
/// </summary>
public sealed class DataConnection : IAsyncDisposable
{
    public DataConnection(HostRuntimeOptions options, HostIdentity identity, ILoggerFactory loggerFactory)
    {
        Url = options.DataNatsUrl;
        Connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.DataNatsUrl,
            Name = $"wasmcloud-host-data {identity.FriendlyName} ({identity.HostId})",
            LoggerFactory = loggerFactory,
            TlsOpts = options.DataNatsTls.ToNatsTlsOpts(),

            // A guest waiting on a plugin call has a request deadline; an unreachable server must fail the call, not
            // hold it until the deadline.
            PublishTimeoutOnDisconnected = true,
        });
        JetStream = new NatsJSContext(Connection);
        KeyValue = new NatsKVContext(JetStream);
    }

    public string Url { get; }

    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    public NatsKVContext KeyValue { get; }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
