using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Workloads;

[Collection(ControlPlaneCollection.Name)]
public sealed class WorkloadGrainTests(ControlPlaneFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    [Fact]
    public async Task With_no_matching_host_selection_is_false_with_a_reason_and_placement_follows_as_soon_as_one_appears()
    {
        await _scenario.AddHostsAsync(2, group: $"{_scenario.HostGroup}-other");
        await _scenario.DeployAsync("waiting", replicas: 1);

        var unplaced = await _scenario.WaitWorkloadAsync(
            w => w.Status?.Conditions.Find(ConditionTypes.HostSelection)?.Status == ConditionStatus.False,
            "HostSelection False");
        var selection = unplaced.Status!.Conditions.Find(ConditionTypes.HostSelection)!;
        Assert.Equal(Reasons.NoSuitableHost, selection.Reason);
        Assert.Contains($"hostgroup={_scenario.HostGroup}", selection.Message, StringComparison.Ordinal);
        Assert.False(unplaced.Status.Conditions.IsTrue(ConditionTypes.Ready));
        Assert.NotEmpty(_scenario.Events(Reasons.NoSuitableHost));

        var host = Assert.Single(await _scenario.AddHostsAsync(1));

        var placed = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready once a host appears");
        Assert.Equal(unplaced.Name, placed.Name);
        Assert.Equal(host.Id, placed.Status!.HostId);
    }

    [Fact]
    public async Task A_refused_start_is_reported_with_the_hosts_message_and_retried_on_another_host()
    {
        var refusing = Assert.Single(await _scenario.AddHostsAsync(1));
        refusing.RefuseStartsWith = "failed to pull image for component 'hello': unauthorized";
        await _scenario.DeployAsync("picky", replicas: 1);

        var refused = await _scenario.WaitWorkloadAsync(
            w => w.Status?.Conditions.Find(ConditionTypes.Placement)?.Reason == Reasons.StartFailed,
            "Placement False after the refused start");
        var placement = refused.Status!.Conditions.Find(ConditionTypes.Placement)!;
        Assert.Equal(ConditionStatus.False, placement.Status);
        Assert.Contains("failed to pull image for component 'hello': unauthorized", placement.Message, StringComparison.Ordinal);
        var warning = Assert.Single(_scenario.Events(Reasons.StartFailed).Take(1));
        Assert.Equal(EventTypes.Warning, warning.Type);
        Assert.Contains("unauthorized", warning.Message, StringComparison.Ordinal);
        var state = await _scenario.WorkloadGrain(refused).GetState();
        Assert.True(state.FailedAttempts > 0, "a refused start is retried with backoff");

        var healthy = Assert.Single(await _scenario.AddHostsAsync(1));

        var running = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready on the other host");
        Assert.Equal(healthy.Id, running.Status!.HostId);
        Assert.Contains(running.Metadata.Uid, refusing.StartsReceived);
        Assert.True(healthy.Workloads.ContainsKey(running.Metadata.Uid!));
    }

    [Fact]
    public async Task A_start_refused_by_the_only_host_succeeds_there_once_the_cause_is_fixed()
    {
        // The host keeps a failed start under its ID, as the real one does; a retry must clear it, not be told
        // "already exists" and mistake that for a running workload.
        var host = Assert.Single(await _scenario.AddHostsAsync(1));
        host.RefuseStartsWith = "failed to pull image for component 'hello': unauthorized";
        await _scenario.DeployAsync("fixed-later", replicas: 1);
        var refused = await _scenario.WaitWorkloadAsync(
            w => w.Status?.Conditions.Find(ConditionTypes.Placement)?.Reason == Reasons.StartFailed,
            "Placement False after the refused start");
        var uid = refused.Metadata.Uid!;
        await Eventually.Until(() => host.StartsReceived.Count(id => id == uid) >= 2, "a retry on the same host");

        host.RefuseStartsWith = null;

        var running = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready on the same host once it can start the workload");
        Assert.Equal(host.Id, running.Status!.HostId);
        Assert.Equal(WorkloadState.Running, host.Workloads[uid]);
        Assert.Contains(uid, host.StopsReceived);
    }

    [Fact]
    public async Task Deleting_a_workload_stops_it_on_its_host_before_the_finalizer_is_released()
    {
        var host = Assert.Single(await _scenario.AddHostsAsync(1));
        await _scenario.DeployAsync("short-lived", replicas: 1);
        var workload = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready");
        var store = _scenario.Fixture.Store;

        var stopsWhenGone = new TaskCompletionSource<string[]>();
        using var watching = new CancellationTokenSource();
        var from = store.CurrentResourceVersion;
        var watcher = Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync(KubeKind.Of<Workload>(), _scenario.Namespace, from, watching.Token))
            {
                if (change.Type == WatchEventType.Deleted && change.Object?.Name == workload.Name)
                {
                    stopsWhenGone.TrySetResult([.. host.StopsReceived]);
                    return;
                }
            }
        }, TestContext.Current.CancellationToken);

        await store.DeleteAsync<Workload>(_scenario.Namespace, workload.Name, TestContext.Current.CancellationToken);

        var stops = await stopsWhenGone.Task.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        Assert.Contains(workload.Metadata.Uid, stops);
        Assert.False(host.Workloads.ContainsKey(workload.Metadata.Uid!));
        await watching.CancelAsync();
        await watcher;

        var replacement = await _scenario.WaitWorkloadAsync(w => w.Name != workload.Name && w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "a replacement");
        Assert.Equal(host.Id, replacement.Status!.HostId);
    }

    [Fact]
    public async Task Grains_deactivated_and_reactivated_rebuild_from_the_store_and_keep_reconciling()
    {
        await _scenario.AddHostsAsync(3);
        var created = await _scenario.DeployAsync("phoenix", replicas: 2);
        await _scenario.WaitReadyAsync("phoenix", 2);
        var workload = (await _scenario.WorkloadsAsync())[0];
        var replicaSet = Assert.Single(await _scenario.ReplicaSetsAsync());
        var grains = _scenario.Fixture.Grains;
        var cluster = _scenario.Fixture.Cluster;

        await cluster.DeactivateAsync(grains.GetGrain<IWorkloadDeploymentGrain>(created.Key));
        await cluster.DeactivateAsync(grains.GetGrain<IWorkloadReplicaSetGrain>(replicaSet.Key));
        await cluster.DeactivateAsync(grains.GetGrain<IWorkloadGrain>(workload.Key));
        await cluster.DeactivateAsync(grains.GetGrain<ISchedulerGrain>(_scenario.Fixture.Options.Namespace));

        var state = await grains.GetGrain<IWorkloadGrain>(workload.Key).GetState();
        var rebuilt = Assert.IsType<Workload>(state.Object);
        Assert.Equal(workload.Status!.HostId, rebuilt.Status!.HostId);
        Assert.Equal(workload.Metadata.Uid, rebuilt.Status.WorkloadId);
        var deploymentState = await grains.GetGrain<IWorkloadDeploymentGrain>(created.Key).GetState();
        Assert.Equal(created.Metadata.Uid, deploymentState.Object?.Metadata.Uid);

        await _scenario.UpdateDeploymentAsync("phoenix", d => d.Spec.Replicas = 3);
        await _scenario.WaitReadyAsync("phoenix", 3);
        var workloads = await _scenario.WorkloadsAsync();
        Assert.Equal(3, workloads.Select(w => w.Status!.HostId).Distinct().Count());
        Assert.Equal(3, _scenario.Fixture.Fleet.Hosts.Sum(h => workloads.Count(w => h.Workloads.ContainsKey(w.Metadata.Uid!))));
    }
}
