using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Telemetry;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Telemetry;

/// <summary>The census behind the workload and host gauges follows the objects, including their deletion.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OperatorMetricsTests(ControlPlaneFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    private OperatorMetrics Metrics => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<OperatorMetrics>();

    [Fact]
    public async Task A_workload_is_counted_running_while_it_runs_and_not_at_all_once_deleted()
    {
        var host = Assert.Single(await _scenario.AddHostsAsync(1));
        await _scenario.DeployAsync("counted", replicas: 1);
        var workload = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready");

        await Eventually.Until(() => Metrics.Workloads.StateOf(workload.Key) == WorkloadStates.Running, "the workload to be counted running");
        await Eventually.Until(() => Metrics.Hosts.StateOf(host.Id) == "true", "the host to be counted ready");

        await fixture.Store.DeleteAsync<WorkloadDeployment>(_scenario.Namespace, "counted", TestContext.Current.CancellationToken);

        await Eventually.Until(() => Metrics.Workloads.StateOf(workload.Key) is null, "the deleted workload to leave the census");
    }

    [Theory]
    [InlineData(null, null, null, false, WorkloadStates.Pending)]
    [InlineData("h1", null, null, false, WorkloadStates.Starting)]
    [InlineData("h1", ConditionStatus.True, null, false, WorkloadStates.Running)]
    [InlineData("h1", ConditionStatus.False, Reasons.StartFailed, false, WorkloadStates.Failed)]
    [InlineData("h1", ConditionStatus.True, null, true, WorkloadStates.Stopping)]
    public void Workload_states_come_from_its_conditions(string? hostId, string? ready, string? placementReason, bool deleting, string expected)
    {
        var conditions = new List<Condition>();
        if (ready is not null)
        {
            conditions.Add(new Condition { Type = ConditionTypes.Ready, Status = ready, Reason = Reasons.Available });
        }

        if (placementReason is not null)
        {
            conditions.Add(new Condition { Type = ConditionTypes.Placement, Status = ConditionStatus.False, Reason = placementReason });
        }

        var workload = new Workload
        {
            Metadata = new ObjectMeta { Name = "w", DeletionTimestamp = deleting ? DateTimeOffset.UnixEpoch : null },
            Status = new WorkloadStatus { HostId = hostId, Conditions = conditions },
        };

        Assert.Equal(expected, WorkloadStates.Of(workload));
    }
}
