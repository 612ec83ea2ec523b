namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// Runs a workload's <c>service</c> (a WASI command) in the background and restarts it when it fails, up to
/// <c>maxRestarts</c> times (reference §5.2 step 6), with a short growing pause between runs so a crashing service
/// does not spin. A clean exit (code 0) is not a failure and is not restarted. When the restarts are used up,
/// <see cref="Failure"/> completes and the workload manager reports the workload as ERROR.
/// </summary>
internal sealed partial class ServiceSupervisor : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly WasmEngine _engine;
    private readonly CompiledWasm _wasm;
    private readonly WasiCommandSettings _settings;
    private readonly ulong _maxRestarts;
    private readonly string _workloadId;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private int _runs;

    public ServiceSupervisor(WasmEngine engine, CompiledWasm wasm, WasiCommandSettings settings, ulong maxRestarts, string workloadId, ILogger logger)
    {
        _engine = engine;
        _wasm = wasm;
        _settings = settings;
        _maxRestarts = maxRestarts;
        _workloadId = workloadId;
        _logger = logger;
    }

    /// <summary>Completes with the reason once the service has failed more often than it may be restarted.</summary>
    public Task<string> Failure => _failure.Task;

    /// <summary>How many times the service has been started, restarts included.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public void Start() => _loop = RunAsync();

    /// <summary>Interrupts the running service (at the next epoch tick, or when a blocking host call returns) and waits for it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    /// <summary>After <see cref="StopAsync"/>.</summary>
    public void Dispose() => _stop.Dispose();

    private async Task RunAsync()
    {
        var restarts = 0UL;
        var backoff = FirstBackoff;
        while (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _runs);
            LogStarting(_workloadId, restarts);
            var outcome = await WasiCommand.RunAsync(_engine, _wasm, _settings, _stop.Token);
            if (outcome is WasiCommandOutcome.Cancelled || _stop.IsCancellationRequested)
            {
                return;
            }

            if (outcome is WasiCommandOutcome.Exited { Code: 0 })
            {
                LogCompleted(_workloadId);
                return;
            }

            var reason = Describe(outcome);
            if (restarts >= _maxRestarts)
            {
                var message = restarts == 0
                    ? $"service failed and may not be restarted (maxRestarts 0): {reason}"
                    : $"service failed after {restarts} restart{(restarts == 1 ? "" : "s")} (maxRestarts {_maxRestarts}): {reason}";
                LogGaveUp(_workloadId, message);
                _failure.TrySetResult(message);
                return;
            }

            restarts++;
            LogRestarting(_workloadId, reason, restarts, _maxRestarts, backoff);
            try
            {
                await Task.Delay(backoff, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static string Describe(WasiCommandOutcome outcome) => outcome switch
    {
        WasiCommandOutcome.Exited exited => $"exited with code {exited.Code}",
        WasiCommandOutcome.Trapped trapped => trapped.Message,
        WasiCommandOutcome.TimedOut => "timed out",
        _ => outcome.ToString(),
    };

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "Workload {WorkloadId}: starting service (restarts so far: {Restarts})")]
    private partial void LogStarting(string workloadId, ulong restarts);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: service failed ({Reason}); restart {Restart} of {MaxRestarts} in {Backoff}")]
    private partial void LogRestarting(string workloadId, string reason, ulong restart, ulong maxRestarts, TimeSpan backoff);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Error, Message = "Workload {WorkloadId}: {Message}")]
    private partial void LogGaveUp(string workloadId, string message);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Information, Message = "Workload {WorkloadId}: service exited cleanly; not restarted")]
    private partial void LogCompleted(string workloadId);
}
