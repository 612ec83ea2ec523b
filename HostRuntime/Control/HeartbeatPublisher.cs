using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.Protocol;

namespace Wasmcloud.HostRuntime.Control;

/// <summary>
/// Publishes <c>runtime.operator.heartbeat.&lt;id&gt;</c> once the host has fully started (HTTP bound, so the port
/// is real) and the control subscription is live (so an operator that reacts to the first heartbeat finds the host
/// answering), then every interval. It runs on its own loop, so
/// no command, however slow, delays it.
/// </summary>
public sealed partial class HeartbeatPublisher : BackgroundService
{
    private readonly ControlConnection _connection;
    private readonly ControlServer _control;
    private readonly HeartbeatFactory _heartbeats;
    private readonly HostRuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<HeartbeatPublisher> _logger;
    private readonly string _subject;

    public HeartbeatPublisher(
        ControlConnection connection,
        ControlServer control,
        HeartbeatFactory heartbeats,
        HostIdentity identity,
        HostRuntimeOptions options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<HeartbeatPublisher> logger)
    {
        _connection = connection;
        _control = control;
        _heartbeats = heartbeats;
        _options = options;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _subject = Subjects.Heartbeat(identity.HostId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        await _control.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        do
        {
            await PublishAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        // Bounded by the interval: during an outage a late heartbeat is worthless, and the next one is due anyway.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.HeartbeatInterval);
        try
        {
            await _connection.Connection.PublishAsync(_subject, ProtocolJson.Encode(_heartbeats.Create()), cancellationToken: timeout.Token);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogPublishFailed(e);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Could not publish a heartbeat; will retry at the next interval")]
    private partial void LogPublishFailed(Exception exception);
}
