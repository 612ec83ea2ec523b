using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.ReplicaSets;

/// <summary>Moves control-plane time, so it shares the collection with the other tests that do.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class WorkloadReplicaSetGrainTests(ControlPlaneFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    [Fact]
    public async Task A_replica_placed_but_never_syncing_is_replaced_after_the_grace_period()
    {
        var hosts = await _scenario.AddHostsAsync(2);
        foreach (var host in hosts)
        {
            host.StartedState = WorkloadState.Starting;
        }

        await _scenario.DeployAsync("sluggish", replicas: 1);
        var stuck = await _scenario.WaitWorkloadAsync(
            w => w.Status?.Conditions.IsTrue(ConditionTypes.HostSelection) == true
                && w.Status.Conditions.Find(ConditionTypes.Sync)?.Status == ConditionStatus.False,
            "a placed workload that does not sync");

        await fixture.AdvanceAsync(fixture.Options.ReplicaGracePeriod + TimeSpan.FromSeconds(5));
        var replacement = await _scenario.WaitWorkloadAsync(w => w.Name != stuck.Name, "a replacement replica");
        await Eventually.Until(async () => (await _scenario.WorkloadsAsync()).All(w => w.Name != stuck.Name), "the stuck replica to go");
        Assert.Equal(stuck.Metadata.ControllerOwner!.Uid, replacement.Metadata.ControllerOwner!.Uid);
        Assert.Contains(hosts, h => h.StopsReceived.Contains(stuck.Metadata.Uid!));
    }
}
