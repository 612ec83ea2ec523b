using k8s;
using k8s.Models;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Simulation;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes.HostPods;

/// <summary>
/// The deleted-host-pod fast path against the fake API server: the pod goes, its Host goes, and its workloads are
/// placed on another host at once. The host itself keeps answering (a terminating pod still runs) and the operator's
/// clock never moves, so the heartbeat path could not have done it.
/// </summary>
[Collection(KubernetesControlPlaneCollection.Name)]
public sealed class HostPodFailoverTests(KubernetesControlPlaneFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();
    private readonly string _group = $"g-{Guid.NewGuid().ToString("N")[..8]}";

    private string OperatorNamespace => fixture.Options.Namespace;

    /// <param name="terminating">
    /// The pod carries another controller's finalizer, so deletion only marks it (as a real pod in its grace period):
    /// the move must not wait for the pod to be gone.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deleting_a_host_pod_removes_its_host_and_places_its_workloads_elsewhere_at_once(bool terminating)
    {
        var doomed = await AddHostAsync();
        await CreateHostPodAsync(doomed, "host-doomed", finalizer: terminating ? "example.com/drain" : null);
        var deployment = TestObjects.Deployment("moving", @namespace: _ns);
        deployment.Spec.Template.Spec.HostSelector = new() { [WellKnown.HostGroupLabel] = _group };
        await fixture.Store.CreateAsync(deployment, _ct);
        var placed = await Eventually.Until(LiveWorkloadAsync, w => w?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "the workload to run on the first host");
        Assert.Equal(doomed.Id, placed.Status!.HostId);
        var survivor = await AddHostAsync();
        await CreateHostPodAsync(survivor, "host-survivor");

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync(PodName("host-doomed"), OperatorNamespace, cancellationToken: _ct);

        var moved = await Eventually.Until(
            LiveWorkloadAsync,
            w => w?.Status?.HostId == survivor.Id && w.Status.Conditions.IsTrue(ConditionTypes.Ready),
            "the workload to run on the surviving host");
        Assert.Contains(moved.Metadata.Uid!, survivor.Workloads.Keys);
        await Eventually.Until(async () => (await HostsAsync()).All(h => h.HostId != doomed.Id), "the doomed Host object to be deleted");
        var recorded = await fixture.Store.ListAsync<KubeEvent>(OperatorNamespace, cancellationToken: _ct);
        var @event = Assert.Single(recorded, e => e.Reason == Reasons.HostPodDeleted && e.InvolvedObject.Name == doomed.FriendlyName);
        Assert.Equal((EventTypes.Warning, "Host"), (@event.Type, @event.InvolvedObject.Kind));
        Assert.Contains($"{OperatorNamespace}/{PodName("host-doomed")}", @event.Message, StringComparison.Ordinal);

        // A terminating host may still beat: it must not come back as a Host or as a place for workloads.
        await fixture.Fleet.BeatAsync(fixture.Grains, [doomed]);
        Assert.DoesNotContain(await HostsAsync(), h => h.HostId == doomed.Id);
        var scheduler = await fixture.Grains.GetGrain<ISchedulerGrain>(OperatorNamespace).GetState();
        Assert.DoesNotContain(scheduler.Hosts, h => h.HostId == doomed.Id && h.Ready);
        Assert.True(survivor.Alive && doomed.Alive);
        if (terminating)
        {
            var pod = await fixture.Client.CoreV1.ReadNamespacedPodAsync(PodName("host-doomed"), OperatorNamespace, cancellationToken: _ct);
            Assert.NotNull(pod.Metadata.DeletionTimestamp);
            await fixture.Client.CoreV1.PatchNamespacedPodAsync(
                new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), PodName("host-doomed"), OperatorNamespace, cancellationToken: _ct);
        }
    }

    [Fact]
    public async Task Pods_without_the_host_group_label_are_left_alone()
    {
        var host = await AddHostAsync();
        await CreateHostPodAsync(host, "not-a-host", labelled: false);
        await fixture.HostPods.WhenSyncedAsync(_ct);

        await fixture.Client.CoreV1.DeleteNamespacedPodAsync(PodName("not-a-host"), OperatorNamespace, cancellationToken: _ct);
        // A labelled pod deleted after it shows the watcher has handled everything before.
        var marker = await AddHostAsync();
        await CreateHostPodAsync(marker, "marker");
        await fixture.Client.CoreV1.DeleteNamespacedPodAsync(PodName("marker"), OperatorNamespace, cancellationToken: _ct);
        await Eventually.Until(async () => (await HostsAsync()).All(h => h.HostId != marker.Id), "the marker host to be removed");

        Assert.Contains(await HostsAsync(), h => h.HostId == host.Id);
    }

    private string PodName(string name) => $"{name}-{_group}";

    private async Task<SimulatedHost> AddHostAsync()
    {
        var host = fixture.Fleet.Add(new Dictionary<string, string> { [WellKnown.HostGroupLabel] = _group });
        await fixture.Fleet.BeatAsync(fixture.Grains, [host]);
        await Eventually.Until(async () => (await HostsAsync()).Any(h => h.HostId == host.Id), "the host to be registered");
        return host;
    }

    /// <summary>A host pod as the chart makes one: labelled with its group, its IP the host's reported hostname.</summary>
    private async Task CreateHostPodAsync(SimulatedHost host, string name, bool labelled = true, string? finalizer = null)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/component"] = "runtime" };
        if (labelled)
        {
            labels[WellKnown.HostPodLabel] = _group;
        }

        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = PodName(name), Labels = labels, Finalizers = finalizer is null ? null : [finalizer] },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "host", Image = "ghcr.io/wasmcloud/wash:2" }] },
        };
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, OperatorNamespace, cancellationToken: _ct);
        await fixture.Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch($$$"""{"status":{"phase":"Running","podIP":"{{{host.Hostname}}}"}}""", V1Patch.PatchType.MergePatch),
            PodName(name), OperatorNamespace, cancellationToken: _ct);
    }

    private async Task<IReadOnlyList<Host>> HostsAsync() =>
        (await fixture.Store.ListAsync<Host>(OperatorNamespace, new Dictionary<string, string> { [WellKnown.HostGroupLabel] = _group }, _ct))
            .Where(h => !h.IsBeingDeleted).ToList();

    private async Task<Workload?> LiveWorkloadAsync() =>
        (await fixture.Store.ListAsync<Workload>(_ns, cancellationToken: _ct)).SingleOrDefault(w => !w.IsBeingDeleted);
}
