namespace Wasmcloud.Silo.Gateway;

/// <summary>
/// Keeps the gateway's Orleans client trying to reach the silos, a second apart, instead of failing its start: the
/// gateway pod may well come up before any silo does.
/// </summary>
public sealed partial class RetryForeverConnectionFilter(TimeProvider time, ILogger<RetryForeverConnectionFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogRetrying(logger, exception.Message);
        await Task.Delay(RetryDelay, time, cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "The silos are not reachable yet ({Reason}); retrying")]
    private static partial void LogRetrying(ILogger logger, string reason);
}
