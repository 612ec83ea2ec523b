using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Nats;

/// <summary>Forwards each heartbeat to the Host grain keyed by its host id.</summary>
public sealed class GrainHeartbeatSink(IGrainFactory grains) : IHeartbeatSink
{
    public Task DeliverAsync(HostHeartbeat heartbeat, CancellationToken cancellationToken) =>
        grains.GetGrain<IHostGrain>(heartbeat.Id).Heartbeat(heartbeat);
}
