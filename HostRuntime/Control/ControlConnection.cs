using NATS.Client.Core;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Control;

/// <summary>The host's connection to the scheduler NATS (<c>--scheduler-nats-url</c>), shared by heartbeats and commands.</summary>
public sealed class ControlConnection : IAsyncDisposable
{
    public ControlConnection(HostRuntimeOptions options, HostIdentity identity, ILoggerFactory loggerFactory)
    {
        Connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.SchedulerNatsUrl,
            Name = $"wasmcloud-host {identity.FriendlyName} ({identity.HostId})",
            LoggerFactory = loggerFactory,

            // Hosts often start before NATS is reachable; keep trying rather than crash-loop.
            RetryOnInitialConnect = true,

            // A heartbeat held back during an outage is stale by the time it would go out; fail it instead.
            PublishTimeoutOnDisconnected = true,

            TlsOpts = options.SchedulerNatsTls.ToNatsTlsOpts(),
        });
    }

    public NatsConnection Connection { get; }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
