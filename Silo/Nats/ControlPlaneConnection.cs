using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Wasmcloud.Silo.Nats;

/// <summary>
/// The silo's one NATS connection to hosts, and the record of when it last came up. Host health must be judged
/// against it: while we are disconnected every host looks silent, and that says nothing about the hosts
/// (reference §3.5, the NATS-outage hazard).
/// </summary>
public sealed partial class ControlPlaneConnection : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger<ControlPlaneConnection> _logger;
    // UTC ticks, 0 while disconnected: a DateTimeOffset? cannot be read or written atomically.
    private long _connectedSinceTicks;

    public ControlPlaneConnection(IOptions<NatsConnectivityOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _time = time;
        _logger = loggerFactory.CreateLogger<ControlPlaneConnection>();
        Connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.Value.Url,
            Name = options.Value.ConnectionName,
            LoggerFactory = loggerFactory,
            RetryOnInitialConnect = true,
            TlsOpts = NatsTls.For(options.Value),
        });

        // Subscribed before anything can connect, so no transition is missed.
        Connection.ConnectionOpened += OnOpenedAsync;
        Connection.ConnectionDisconnected += OnDisconnectedAsync;
    }

    public NatsConnection Connection { get; }

    /// <summary>When the connection last came up; null while it is down or before it first connects.</summary>
    public DateTimeOffset? ConnectedSince =>
        Interlocked.Read(ref _connectedSinceTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Starts connecting (retrying until the server answers) without waiting for it.</summary>
    public void BeginConnect() => _ = ConnectInBackgroundAsync();

    public async ValueTask DisposeAsync()
    {
        Connection.ConnectionOpened -= OnOpenedAsync;
        Connection.ConnectionDisconnected -= OnDisconnectedAsync;
        await Connection.DisposeAsync();
        Interlocked.Exchange(ref _connectedSinceTicks, 0);
    }

    private async Task ConnectInBackgroundAsync()
    {
        try
        {
            await Connection.ConnectAsync();
        }
        catch (Exception e)
        {
            LogConnectFailed(e);
        }
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        Interlocked.Exchange(ref _connectedSinceTicks, _time.GetUtcNow().UtcTicks);
        LogConnected(Connection.ServerInfo?.Name ?? "?");
        return ValueTask.CompletedTask;
    }

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        Interlocked.Exchange(ref _connectedSinceTicks, 0);
        LogDisconnected(args.Message);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Connected to NATS server {Server}")]
    private partial void LogConnected(string server);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Lost the NATS connection ({Reason}); host health is on hold until it is back")]
    private partial void LogDisconnected(string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Could not connect to NATS")]
    private partial void LogConnectFailed(Exception exception);
}
