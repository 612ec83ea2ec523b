using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Nats;

/// <summary>Where <see cref="HeartbeatSubscriber"/> delivers heartbeats: the Host grains in a silo, a recorder in tests.</summary>
public interface IHeartbeatSink
{
    Task DeliverAsync(HostHeartbeat heartbeat, CancellationToken cancellationToken);
}
