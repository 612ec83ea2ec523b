using System.Threading.Channels;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Nats;

namespace Wasmcloud.Silo.Tests.Nats;

/// <summary>Records delivered heartbeats; can be told to fail for one host to prove the subscriber survives it.</summary>
public sealed class RecordingHeartbeatSink : IHeartbeatSink
{
    private readonly Channel<HostHeartbeat> _delivered = Channel.CreateUnbounded<HostHeartbeat>();

    public string? FailFor { get; set; }

    public Task DeliverAsync(HostHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        if (heartbeat.Id == FailFor)
        {
            throw new InvalidOperationException("grain unavailable");
        }

        _delivered.Writer.TryWrite(heartbeat);
        return Task.CompletedTask;
    }

    /// <summary>The next delivered heartbeat of <paramref name="hostId"/>, skipping other hosts'.</summary>
    public async Task<HostHeartbeat> NextFromAsync(string hostId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var heartbeat = await _delivered.Reader.ReadAsync(deadline.Token);
            if (heartbeat.Id == hostId)
            {
                return heartbeat;
            }
        }
    }
}
