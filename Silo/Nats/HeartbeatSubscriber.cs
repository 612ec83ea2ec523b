using Wasmcloud.Silo.Hosting;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Protocol;
using Wasmcloud.Silo.Nats.Internal;
using V2 = Wasmcloud.Protocol.V2;

namespace Wasmcloud.Silo.Nats;

/// <summary>
/// Subscribes to <c>runtime.operator.heartbeat.&gt;</c> and hands every valid heartbeat to the sink (the Host
/// grains), several at a time so one slow grain does not hold up the rest. A bad message is logged and dropped; a
/// failing subscription is set up again; nothing here ends the loop but shutdown.
/// </summary>
public sealed partial class HeartbeatSubscriber : BackgroundService
{
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(1);

    private readonly ControlPlaneConnection _connection;
    private readonly ILeadership _leadership;
    private readonly IHeartbeatSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<HeartbeatSubscriber> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeartbeatSubscriber(
        ControlPlaneConnection connection,
        IHeartbeatSink sink,
        IOptions<NatsConnectivityOptions> options,
        TimeProvider time,
        ILogger<HeartbeatSubscriber> logger,
        ILeadership? leadership = null)
    {
        _leadership = leadership ?? new SoleLeadership();
        _connection = connection;
        _sink = sink;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentHeartbeats, options.Value.MaxConcurrentHeartbeats);
    }

    /// <summary>Completes once the subscription is registered with the server.</summary>
    public Task Ready => _ready.Task;

    public override void Dispose()
    {
        base.Dispose();
        _slots.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _connection.BeginConnect();

        // Only the leader turns heartbeats into Host objects; a follower's writes would race the leader's.
        await _leadership.WhenLeadingAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var subscription = await _connection.Connection.SubscribeCoreAsync<byte[]>(Subjects.AllHeartbeats, cancellationToken: stoppingToken);
                await _connection.Connection.PingAsync(stoppingToken);
                LogSubscribed(Subjects.AllHeartbeats);
                _ready.TrySetResult();
                await foreach (var message in subscription.Msgs.ReadAllAsync(stoppingToken))
                {
                    if (Decode(message) is { } heartbeat)
                    {
                        await _slots.WaitAsync(stoppingToken);
                        _ = ForwardAsync(heartbeat, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogSubscriptionFailed(e);
                await Task.Delay(ResubscribeDelay, _time, stoppingToken);
            }
        }
    }

    private HostHeartbeat? Decode(NatsMsg<byte[]> message)
    {
        V2.HostHeartbeat wire;
        try
        {
            wire = ProtocolJson.Decode<V2.HostHeartbeat>(message.Data ?? []);
        }
        catch (ProtocolJsonException e)
        {
            LogDropped(message.Subject, e.Message);
            return null;
        }

        var heartbeat = WireMapper.ToHeartbeat(wire);
        if (heartbeat is null)
        {
            LogDropped(message.Subject, "it has no id or no friendlyName");
            return null;
        }

        // The subject is what the host subscribed its commands under; a mismatch would send them elsewhere.
        if (Subjects.HostIdOfHeartbeat(message.Subject) != heartbeat.Id)
        {
            LogDropped(message.Subject, $"it names host '{heartbeat.Id}'");
            return null;
        }

        return heartbeat;
    }

    private async Task ForwardAsync(HostHeartbeat heartbeat, CancellationToken stoppingToken)
    {
        try
        {
            await _sink.DeliverAsync(heartbeat, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogDeliveryFailed(e, heartbeat.Id);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            _slots.Release();
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Receiving host heartbeats on {Subject}")]
    private partial void LogSubscribed(string subject);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Dropped a heartbeat on {Subject}: {Reason}")]
    private partial void LogDropped(string subject, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Could not deliver the heartbeat of host {HostId}")]
    private partial void LogDeliveryFailed(Exception exception, string hostId);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Error, Message = "The heartbeat subscription failed; subscribing again")]
    private partial void LogSubscriptionFailed(Exception exception);
}
