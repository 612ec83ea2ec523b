using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Hosting;

/// <summary>Ready once the feeder has listed every kind: before that, grains act on a partial picture.</summary>
public sealed class FeederSyncedHealthCheck(ResourceFeeder feeder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feeder.IsSynced
            ? HealthCheckResult.Healthy("ready")
            : HealthCheckResult.Unhealthy("waiting for the feeder to list every kind"));
}
