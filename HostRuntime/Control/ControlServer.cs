using System.Collections.Concurrent;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;

namespace Wasmcloud.HostRuntime.Control;

/// <summary>
/// Answers <c>runtime.host.&lt;id&gt;.&gt;</c> with one subscription, as the reference does, but dispatches every
/// message on its own task: a slow start never holds up a heartbeat request or another workload's command (the
/// <see cref="WorkloadManager"/> serialises commands of one workload). Every request that has a reply subject gets
/// an answer, errors included, instead of leaving the operator to time out.
/// </summary>
public sealed partial class ControlServer : BackgroundService
{
    private readonly ControlConnection _connection;
    private readonly WorkloadManager _workloads;
    private readonly HeartbeatFactory _heartbeats;
    private readonly HostRuntimeOptions _options;
    private readonly ILogger<ControlServer> _logger;
    private readonly string _subject;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    public ControlServer(
        ControlConnection connection,
        WorkloadManager workloads,
        HeartbeatFactory heartbeats,
        HostIdentity identity,
        HostRuntimeOptions options,
        ILogger<ControlServer> logger)
    {
        _connection = connection;
        _workloads = workloads;
        _heartbeats = heartbeats;
        _options = options;
        _logger = logger;
        _subject = Subjects.HostCommands(identity.HostId);
    }

    /// <summary>Completes once the server has registered the subscription, so requests from now on are heard.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var connection = _connection.Connection;
            await using var subscription = await connection.SubscribeCoreAsync<byte[]>(_subject, cancellationToken: stoppingToken);

            // The server handles a connection's protocol lines in order, so once the ping returns the SUB is in place.
            await connection.PingAsync(stoppingToken);
            LogListening(_subject);
            _ready.TrySetResult();

            await foreach (var message in subscription.Msgs.ReadAllAsync(stoppingToken))
            {
                Track(Task.Run(() => HandleAsync(message, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(stoppingToken);
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            LogSubscriptionFailed(e);
            throw;
        }
    }

    /// <summary>Stops taking commands, then waits (within the shutdown budget) for those in flight to answer.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var pending = _inFlight.Keys.ToArray();
        if (pending.Length > 0)
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken);
        }
    }

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
