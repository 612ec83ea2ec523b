using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Deployments;

[Collection(ControlPlaneCollection.Name)]
public sealed class WorkloadDeploymentGrainTests(ControlPlaneFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    [Fact]
    public async Task Three_replicas_on_three_matching_hosts_run_on_three_distinct_hosts()
    {
        var hosts = await _scenario.AddHostsAsync(3);

        await _scenario.DeployAsync("hello", replicas: 3);
        var deployment = await _scenario.WaitReadyAsync("hello", 3);

        var replicaSets = await _scenario.ReplicaSetsAsync();
        var replicaSet = Assert.Single(replicaSets);
        Assert.StartsWith("hello-", replicaSet.Name, StringComparison.Ordinal);
        Assert.Equal("hello", replicaSet.Metadata.Label(WellKnown.WorkloadDeploymentLabel));
        Assert.Equal(deployment.Metadata.Uid, replicaSet.Metadata.ControllerOwner?.Uid);

        var workloads = await _scenario.WorkloadsAsync();
        Assert.Equal(3, workloads.Count);
        Assert.All(workloads, w =>
        {
            Assert.True(w.Status!.Conditions.IsTrue(ConditionTypes.Ready));
            Assert.Equal(replicaSet.Metadata.Uid, w.Metadata.ControllerOwner?.Uid);
            Assert.StartsWith(replicaSet.Name + "-", w.Name, StringComparison.Ordinal);
            Assert.Equal(ObjectNames.TemplateHash(replicaSet.Spec.Template.Spec), w.Metadata.Annotation(WellKnown.TemplateHashAnnotation));
            Assert.Equal(w.Metadata.Uid, w.Status.WorkloadId);
            Assert.Contains(WellKnown.WorkloadFinalizer, w.Metadata.Finalizers!);
        });
        Assert.True(
            hosts.Select(h => h.Id).Order().SequenceEqual(workloads.Select(w => w.Status!.HostId!).Order()),
            $"hosts {string.Join(",", hosts.Select(h => h.Id[..8]))} vs placements {string.Join(",", workloads.Select(w => w.Status!.HostId![..8]))}; "
            + string.Join(" | ", workloads.Select(w => string.Join(";", w.Status!.Conditions.Select(c => $"{c.Type}={c.Status}:{c.Message}")))));

        var counts = deployment.Status!.Replicas!;
        Assert.Equal((3, 3, 3, 0), (counts.Expected, counts.Current, counts.Ready, counts.Unavailable));
        Assert.Equal(3, deployment.Status.CurrentReplicas);
        Assert.Equal("runtime.wasmcloud.dev/workload-deployment=hello", deployment.Status.Selector);
        Assert.Equal(
            ConditionTypes.WorkloadDeployment,
            deployment.Status.Conditions.Select(c => c.Type).Where(ConditionTypes.WorkloadDeployment.Contains).ToList());
        Assert.All(deployment.Status.Conditions, c => Assert.Equal(ConditionStatus.True, c.Status));
    }

    [Fact]
    public async Task A_template_change_rolls_out_blue_green_and_removes_the_old_set_only_once_the_new_one_is_ready()
    {
        await _scenario.AddHostsAsync(3);
        await _scenario.DeployAsync("web", replicas: 3);
        await _scenario.WaitReadyAsync("web", 3);
        var oldSet = Assert.Single(await _scenario.ReplicaSetsAsync());
        var oldWorkloads = (await _scenario.WorkloadsAsync()).Select(w => w.Name).ToHashSet();

        var history = await RecordReplicaSetHistoryAsync(
            async () =>
            {
                await _scenario.UpdateDeploymentAsync("web", d => d.Spec.Template.Spec.Components![0].Image = "ghcr.io/example/web:2");
                await Eventually.Until(async () => (await _scenario.ReplicaSetsAsync()).All(r => r.Name != oldSet.Name), "the old replica set to go");
            },
            seen => seen.Any(e => e.Name != oldSet.Name && e.ReadyReplicas == 3) && seen.Any(e => e.Type == WatchEventType.Deleted && e.Name == oldSet.Name));
        var deployment = await _scenario.WaitReadyAsync("web", 3);

        var newSet = Assert.Single(await _scenario.ReplicaSetsAsync());
        Assert.NotEqual(oldSet.Name, newSet.Name);
        Assert.Equal(newSet.Name, deployment.Status!.CurrentReplicaSet?.Name);
        Assert.Null(deployment.Status.PreviousReplicaSet);
        var oldGone = history.FindIndex(e => e.Type == WatchEventType.Deleted && e.Name == oldSet.Name);
        var newReady = history.FindIndex(e => e.Name == newSet.Name && e.ReadyReplicas == 3);
        Assert.True(newReady >= 0 && newReady < oldGone, $"the new set must reach 3 ready before the old one is deleted: {string.Join(" | ", history)}");
        var workloads = await Eventually.Until(
            async () => (IReadOnlyList<Workload>?)await _scenario.WorkloadsAsync(),
            list => list?.All(w => !oldWorkloads.Contains(w.Name)) == true,
            "the old set's workloads to be deleted with it");
        Assert.Equal(3, workloads.Count);
        Assert.All(workloads, w =>
        {
            Assert.DoesNotContain(w.Name, oldWorkloads);
            Assert.Equal("ghcr.io/example/web:2", w.Spec.Components![0].Image);
        });
    }

    [Fact]
    public async Task Recreate_removes_the_old_set_at_once()
    {
        await _scenario.AddHostsAsync(2);
        await _scenario.DeployAsync("batch", replicas: 2, d => d.Spec.DeployPolicy = DeployPolicies.Recreate);
        await _scenario.WaitReadyAsync("batch", 2);
        var oldSet = Assert.Single(await _scenario.ReplicaSetsAsync());

        var history = await RecordReplicaSetHistoryAsync(
            async () =>
            {
                await _scenario.UpdateDeploymentAsync("batch", d => d.Spec.Template.Spec.Components![0].Image = "ghcr.io/example/batch:2");
                await _scenario.WaitReadyAsync("batch", 2);
                await Eventually.Until(async () => (await _scenario.ReplicaSetsAsync()).Count == 1, "one replica set");
            },
            seen => seen.Any(e => e.Name != oldSet.Name && e.ReadyReplicas == 2) && seen.Any(e => e.Type == WatchEventType.Deleted && e.Name == oldSet.Name));

        var newSet = Assert.Single(await _scenario.ReplicaSetsAsync());
        var oldGone = history.FindIndex(e => e.Type == WatchEventType.Deleted && e.Name == oldSet.Name);
        var newReady = history.FindIndex(e => e.Name == newSet.Name && e.ReadyReplicas == 2);
        Assert.True(oldGone >= 0 && oldGone < newReady, $"the old set must go before the new one is ready: {string.Join(" | ", history)}");
    }

    [Fact]
    public async Task Scaling_up_and_down_follows_spec_replicas_and_fills_the_scale_subresource_fields()
    {
        await _scenario.AddHostsAsync(5);
        await _scenario.DeployAsync("scaled", replicas: 3);
        await _scenario.WaitReadyAsync("scaled", 3);

        await _scenario.UpdateDeploymentAsync("scaled", d => d.Spec.Replicas = 5);
        var up = await _scenario.WaitReadyAsync("scaled", 5);
        Assert.Equal(5, up.Status!.CurrentReplicas);
        Assert.Equal(5, (await _scenario.WorkloadsAsync()).Select(w => w.Status?.HostId).Distinct().Count());

        var beforeScaleDown = (await _scenario.WorkloadsAsync()).Select(w => w.Metadata.Uid!).ToList();
        await _scenario.UpdateDeploymentAsync("scaled", d => d.Spec.Replicas = 2);
        var down = await _scenario.WaitReadyAsync("scaled", 2);
        await Eventually.Until(async () => (await _scenario.WorkloadsAsync()).Count == 2, "two workloads left");
        Assert.Equal(2, down.Status!.CurrentReplicas);
        Assert.Equal("runtime.wasmcloud.dev/workload-deployment=scaled", down.Status.Selector);
        Assert.Equal(2, Assert.Single(await _scenario.ReplicaSetsAsync()).Spec.Replicas);
        var removed = beforeScaleDown.Except((await _scenario.WorkloadsAsync()).Select(w => w.Metadata.Uid!)).ToList();
        Assert.Equal(3, removed.Count);
        Assert.All(removed, uid => Assert.Contains(_scenario.Fixture.Fleet.Hosts, h => h.StopsReceived.Contains(uid)));
    }

    [Fact]
    public async Task An_invalid_deployment_gets_a_false_condition_with_a_reason_and_a_warning_event()
    {
        await _scenario.DeployAsync("broken", replicas: 1, d =>
        {
            d.Spec.DeployPolicy = "Sometimes";
            d.Spec.Template.Spec.HostInterfaces!.Add(d.Spec.Template.Spec.HostInterfaces[0]);
        });

        var deployment = await Eventually.Until(
            () => _scenario.Fixture.Store.GetAsync<WorkloadDeployment>(_scenario.Namespace, "broken"),
            d => d?.Status?.Conditions.Find(ConditionTypes.Ready)?.Reason == Reasons.InvalidSpec,
            "the InvalidSpec condition");

        var ready = deployment.Status!.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.False, ready.Status);
        Assert.Contains("deployPolicy \"Sometimes\"", ready.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate entry wasi:http", ready.Message, StringComparison.Ordinal);
        var warning = Assert.Single(_scenario.Events(Reasons.InvalidSpec));
        Assert.Equal(EventTypes.Warning, warning.Type);
        Assert.Empty(await _scenario.ReplicaSetsAsync());
    }

    private async Task<List<ReplicaSetEvent>> RecordReplicaSetHistoryAsync(Func<Task> action, Func<IReadOnlyList<ReplicaSetEvent>, bool> complete)
    {
        var store = _scenario.Fixture.Store;
        var history = new List<ReplicaSetEvent>();
        using var stop = new CancellationTokenSource();
        var from = store.CurrentResourceVersion;
        var recorder = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in store.WatchAsync(KubeKind.Of<WorkloadReplicaSet>(), _scenario.Namespace, from, stop.Token))
                {
                    if (change.Object is WorkloadReplicaSet rs)
                    {
                        lock (history)
                        {
                            history.Add(new ReplicaSetEvent(change.Type, rs.Name, rs.Status?.Replicas?.Ready ?? 0));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await action();

        // The deployment can report Ready before the replica set's own event has reached this watch.
        await Eventually.Until(
            () =>
            {
                lock (history)
                {
                    return complete(history);
                }
            },
            "the replica set events the assertion needs");
        await stop.CancelAsync();
        await recorder;
        lock (history)
        {
            return [.. history];
        }
    }

    private sealed record ReplicaSetEvent(WatchEventType Type, string Name, int ReadyReplicas);
}
