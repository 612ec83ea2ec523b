using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Hosts;

/// <summary>Host health runs on control-plane time, which these tests move; they share one collection so moved time cannot surprise a neighbour.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class HostGrainTests(ControlPlaneFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    [Fact]
    public async Task Heartbeats_register_a_host_object_in_the_operator_namespace_with_its_status()
    {
        var host = Assert.Single(await _scenario.AddHostsAsync(1));

        var registered = await Eventually.Until(
            () => fixture.Store.GetAsync<Host>(fixture.Options.Namespace, host.FriendlyName),
            h => h?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true,
            "the Host object, Ready");

        Assert.Equal(host.Id, registered.HostId);
        Assert.Equal(host.Hostname, registered.Hostname);
        Assert.Equal(9191u, registered.HttpPort);
        Assert.Equal(_scenario.HostGroup, registered.Metadata.Label(WellKnown.HostGroupLabel));
        Assert.Contains(WellKnown.HostFinalizer, registered.Metadata.Finalizers!);
        Assert.Equal("linux", registered.Status!.OsName);
        Assert.Equal((long)host.MemoryTotal, registered.Status.SystemMemoryTotal);
        Assert.True(registered.Status.Conditions.IsTrue(ConditionTypes.Reporting));
    }

    [Fact]
    public async Task A_silent_host_goes_unknown_then_false_then_is_deleted_and_its_workloads_run_elsewhere()
    {
        var hosts = await _scenario.AddHostsAsync(2);
        await _scenario.DeployAsync("survivor", replicas: 1);
        var before = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready");
        var victim = hosts.Single(h => h.Id == before.Status!.HostId);
        var other = hosts.Single(h => h != victim);

        victim.Alive = false;
        await fixture.AdvanceAsync(fixture.Options.MissedHeartbeatGrace + TimeSpan.FromSeconds(1));

        var unknown = await Eventually.Until(
            () => fixture.Store.GetAsync<Host>(fixture.Options.Namespace, victim.FriendlyName),
            h => h?.Status?.Conditions.Find(ConditionTypes.Ready)?.Status == ConditionStatus.Unknown,
            "the silent host to go Unknown");
        Assert.Equal(Reasons.HeartbeatMissed, unknown!.Status!.Conditions.Find(ConditionTypes.Ready)!.Reason);
        Assert.Equal(ConditionStatus.False, unknown.Status.Conditions.Find(ConditionTypes.Reporting)!.Status);

        var moved = await _scenario.WaitWorkloadAsync(
            w => w.Name == before.Name && w.Status?.HostId == other.Id && w.Status.Conditions.IsTrue(ConditionTypes.Ready),
            "the workload Ready on the other host");
        Assert.True(other.Workloads.ContainsKey(moved.Metadata.Uid!));
        Assert.Contains(_scenario.Fixture.Store.Events(), e => e.Reason == Reasons.HostNotReady && e.InvolvedObject.Name == victim.FriendlyName);

        var sawFalse = false;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            await foreach (var change in fixture.Store.WatchAsync(KubeKind.Of<Host>(), fixture.Options.Namespace, fixture.Store.CurrentResourceVersion, watching.Token))
            {
                if (change.Object is Host h && h.HostId == victim.Id && h.Status?.Conditions.Find(ConditionTypes.Ready)?.Status == ConditionStatus.False)
                {
                    sawFalse = true;
                }
            }
        }, TestContext.Current.CancellationToken);

        await fixture.AdvanceAsync(fixture.Options.HostTtl);

        await Eventually.Until(
            async () => await fixture.Store.GetAsync<Host>(fixture.Options.Namespace, victim.FriendlyName) is null,
            "the expired host to be deleted");
        await watching.CancelAsync();
        await watcher.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.True(sawFalse, "the host went Ready=False before it was deleted");
        var inventory = await fixture.Grains.GetGrain<ISchedulerGrain>(fixture.Options.Namespace).GetState();
        Assert.DoesNotContain(inventory.Hosts, h => h.HostId == victim.Id);
    }

    [Fact]
    public async Task A_host_that_returns_after_its_workloads_moved_has_the_stale_copies_stopped()
    {
        var hosts = await _scenario.AddHostsAsync(2);
        await _scenario.DeployAsync("returning", replicas: 1);
        var before = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready");
        var victim = hosts.Single(h => h.Id == before.Status!.HostId);

        victim.Alive = false;
        await fixture.AdvanceAsync(fixture.Options.MissedHeartbeatGrace + TimeSpan.FromSeconds(1));
        await _scenario.WaitWorkloadAsync(w => w.Status?.HostId is { } id && id != victim.Id && w.Status.Conditions.IsTrue(ConditionTypes.Ready), "moved");

        victim.Alive = true;
        await fixture.Fleet.BeatAsync(fixture.Grains, [victim]);

        await Eventually.Until(() => victim.StopsReceived.Contains(before.Metadata.Uid!), "the stale copy to be stopped on the returning host");
        Assert.False(victim.Workloads.ContainsKey(before.Metadata.Uid!));
    }

    [Fact]
    public async Task A_host_that_dies_while_a_start_is_pending_there_does_not_hold_the_workload_until_the_start_times_out()
    {
        var slow = Assert.Single(await _scenario.AddHostsAsync(1));
        slow.HoldStarts = new TaskCompletionSource();
        await _scenario.DeployAsync("patient", replicas: 1);

        var starting = await _scenario.WaitWorkloadAsync(
            w => w.Status?.Conditions.Find(ConditionTypes.Placement)?.Reason == Reasons.Starting,
            "the status to show where the start is happening");
        Assert.Equal(slow.Id, starting.Status!.HostId);
        Assert.Contains(slow.Id, starting.Status.Conditions.Find(ConditionTypes.Placement)!.Message, StringComparison.Ordinal);

        var healthy = Assert.Single(await _scenario.AddHostsAsync(1));
        slow.Alive = false;
        await fixture.AdvanceAsync(fixture.Options.MissedHeartbeatGrace + TimeSpan.FromSeconds(1));

        var moved = await _scenario.WaitWorkloadAsync(
            w => w.Status?.HostId == healthy.Id && w.Status.Conditions.IsTrue(ConditionTypes.Ready),
            "the workload Ready on the healthy host while the dead host's start is still pending");
        Assert.Equal(starting.Name, moved.Name);
        Assert.False(slow.HoldStarts.Task.IsCompleted);
    }
}
