using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Ingress;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Ingress;

/// <summary>
/// On the silo that feeds the grains: publishes the route index to the routes grain whenever it changes (a burst
/// coalesced by <see cref="IngressRoutesOptions.PublishDelay"/>), and republishes when the grain's stamp is not the
/// one it was given, i.e. the grain was re-activated empty on another silo. A new leader publishes only after its
/// feeder has listed every kind, so gateways never see a half-built table.
/// </summary>
public sealed partial class IngressRoutePublisher(
    IngressRouteIndex index,
    IGrainFactory grains,
    ResourceFeeder feeder,
    ILeadership leadership,
    IOptions<IngressRoutesOptions> options,
    TimeProvider time,
    ILogger<IngressRoutePublisher> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly IngressRoutesOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await leadership.WhenLeadingAsync(stoppingToken);
        await feeder.WhenSyncedAsync(stoppingToken);
        var grain = grains.GetGrain<IIngressRoutesGrain>(IngressRoutes.GrainKey);
        long publishedVersion = -1;
        IngressRouteStamp? stamp = null;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = index.Changed;
            try
            {
                if (index.Version != publishedVersion || stamp is null || await grain.GetStamp() != stamp)
                {
                    var (version, table) = index.Snapshot();
                    stamp = await grain.Publish(table);
                    publishedVersion = version;
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        var backends = table.Routes.Values.Sum(b => b.Count);
                        LogPublished(logger, table.Routes.Count, backends, stamp.Version);
                    }
                }

                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                stamp = null;
                var delay = Backoff.Delay(++failures, _options.PublishDelay + TimeSpan.FromMilliseconds(200), MaxRetryDelay);
                LogPublishFailed(logger, delay, ex);
                await Task.Delay(delay, time, stoppingToken);
                continue;
            }

            var checkDue = Task.Delay(_options.StampCheckInterval, time, stoppingToken);
            if (await Task.WhenAny(changed, checkDue) == changed && _options.PublishDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.PublishDelay, time, stoppingToken);
            }
            else
            {
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "Published the gateway routes: {Names} host names, {Backends} backends (table {Version})")]
    private static partial void LogPublished(ILogger logger, int names, int backends, long version);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Publishing the gateway routes failed; retrying in {Delay}")]
    private static partial void LogPublishFailed(ILogger logger, TimeSpan delay, Exception exception);
}
