using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Ingress;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Gateway;

/// <summary>
/// Keeps <see cref="GatewayRoutes"/> current with long polls of the routes grain: each call returns as soon as a new
/// table is published, so a workload moving hosts reaches the gateway within one round trip of its publication.
/// While the silos are unreachable the last table keeps serving.
/// </summary>
public sealed partial class GatewayRouteFollower(
    IClusterClient client,
    GatewayRoutes routes,
    IOptions<GatewayModeOptions> options,
    TimeProvider time,
    ILogger<GatewayRouteFollower> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly GatewayModeOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grain = client.GetGrain<IIngressRoutesGrain>(IngressRoutes.GrainKey);
        var known = IngressRouteStamp.None;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var update = await grain.WaitForChange(known, _options.PollTimeout).WaitAsync(stoppingToken);
                failures = 0;
                if (update is not null)
                {
                    routes.Replace(update.Table);
                    known = update.Stamp;
                    LogApplied(logger, update.Table.Routes.Count, update.Stamp.Version);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = Backoff.Delay(++failures, FirstRetryDelay, MaxRetryDelay);
                LogPollFailed(logger, delay, ex.Message);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "Routing {Names} host names (table {Version})")]
    private static partial void LogApplied(ILogger logger, int names, long version);

    [LoggerMessage(EventId = 811, Level = LogLevel.Warning, Message = "Could not fetch routes from the silos ({Reason}); serving the last table, retrying in {Delay}")]
    private static partial void LogPollFailed(ILogger logger, TimeSpan delay, string reason);
}
