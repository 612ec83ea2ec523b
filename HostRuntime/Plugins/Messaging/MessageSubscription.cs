using NATS.Client.Core;
using Wasmcloud.HostRuntime.Execution.Internal;

namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>
/// The subscriptions of one handler component on the data NATS, each in the component's queue group (or none, for
/// <c>broadcast</c>), delivering every message to <see cref="ComponentMessageHandler"/> with at most
/// <c>max_in_flight</c> calls at once (<see cref="MessagingSettings.DefaultMaxInFlight"/> unless configured). Messages are core NATS: at most once, so a handler error is logged, not
/// retried. Stops when the workload stops: no new deliveries, and the calls in flight drain through the workload's gate.
/// </summary>
internal sealed partial class MessageSubscription : IDisposable
{
    private readonly DataConnection _data;
    private readonly ComponentMessageHandler _handler;
    private readonly InflightGate _gate;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _ended;

    public MessageSubscription(DataConnection data, ComponentMessageHandler handler, InflightGate gate, ILogger logger, CancellationToken stopping)
    {
        _data = data;
        _handler = handler;
        _gate = gate;
        _logger = logger;
        _stopping = stopping;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var slots = handler.Settings.Plugins.Messaging!.Settings.MaxInFlight;
        _slots = new SemaphoreSlim(slots, slots);
    }

    private MessagingSettings Settings => _handler.Settings.Plugins.Messaging!.Settings;

    private string WorkloadId => _handler.Settings.WorkloadId;

    /// <summary>Subscribes to every subject and returns once the server has them, so a message sent next is delivered.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var subject in Settings.Subscriptions)
        {
            var subscription = await _data.Connection.SubscribeCoreAsync<byte[]>(subject, Settings.QueueGroup, cancellationToken: cancellationToken);
            _loops.Add(Task.Run(() => DeliverAsync(subscription), CancellationToken.None));
            LogSubscribed(WorkloadId, _handler.Settings.ComponentName, subject, Settings.QueueGroup ?? MessagingSettings.Broadcast);
        }

        // The server processes a connection's protocol in order: once the ping is answered, the subscriptions exist.
        await _data.Connection.PingAsync(cancellationToken);
    }

    public void Dispose()
    {
        _ended.Cancel();
        try
        {
            Task.WaitAll([.. _loops], TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Each loop logs its own failure.
        }

        // Unsubscribing only queues UNSUB; the ping's answer means the server has dropped the subscriptions, so a
        // stopped workload is no longer a responder when its stop is acknowledged.
        try
        {
            _data.Connection.PingAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The data NATS is unreachable: the server forgets our subscriptions with the connection anyway.
        }

        _ended.Dispose();
        _slots.Dispose();
        _handler.Dispose();
    }

    private async Task DeliverAsync(INatsSub<byte[]> subscription)
    {
        var calls = new List<Task>();
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(_ended.Token))
            {
                await _slots.WaitAsync(_ended.Token);
                if (!_gate.TryEnter())
                {
                    _slots.Release();
                    break;
                }

                calls.RemoveAll(t => t.IsCompleted);
                calls.Add(HandleAsync(new BrokerMessage(message.Subject, message.Data ?? [], message.ReplyTo)));
            }
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            // The workload is stopping.
        }
        catch (Exception e)
        {
            LogSubscriptionFailed(WorkloadId, subscription.Subject, e.Message);
        }
        finally
        {
            await subscription.DisposeAsync();
            await Task.WhenAll(calls);
        }
    }

    private async Task HandleAsync(BrokerMessage message)
    {
        try
        {
            await Task.Yield();
            if (await _handler.HandleAsync(message, _stopping) is { } error)
            {
                LogHandlerFailed(WorkloadId, _handler.Settings.ComponentName, message.Subject, error);
            }
        }
        catch (Exception e)
        {
            LogHandlerFailed(WorkloadId, _handler.Settings.ComponentName, message.Subject, e.Message);
        }
        finally
        {
            _gate.Exit();
            _slots.Release();
        }
    }

    [LoggerMessage(EventId = 5811, Level = LogLevel.Information, Message = "Workload {WorkloadId}: component '{Component}' subscribed to '{Subject}' (group {Group})")]
    private partial void LogSubscribed(string workloadId, string component, string subject, string group);

    [LoggerMessage(EventId = 5812, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' failed a message on '{Subject}': {Reason}")]
    private partial void LogHandlerFailed(string workloadId, string component, string subject, string reason);

    [LoggerMessage(EventId = 5813, Level = LogLevel.Error, Message = "Workload {WorkloadId}: the subscription to '{Subject}' ended: {Reason}")]
    private partial void LogSubscriptionFailed(string workloadId, string subject, string reason);
}
