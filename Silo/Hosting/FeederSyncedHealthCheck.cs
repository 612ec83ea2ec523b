using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Hosting;

/// <summary>
/// Readiness: the leader once its feeder has listed every kind (before that, grains act on a partial picture). A
/// follower is a full member of the Orleans cluster (its grains serve), so it is ready too; otherwise only the leader
/// pod of the silo Deployment would ever count as available.
/// </summary>
public sealed class FeederSyncedHealthCheck(ResourceFeeder feeder, ILeadership leadership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feeder.IsSynced ? HealthCheckResult.Healthy("ready")
            : !leadership.IsLeading ? HealthCheckResult.Healthy("ready (standing by while another silo leads)")
            : HealthCheckResult.Unhealthy("waiting for the feeder to list every kind"));
}
