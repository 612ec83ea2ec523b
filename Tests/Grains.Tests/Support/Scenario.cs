using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;
using Wasmcloud.TestInfrastructure.Simulation;

namespace Wasmcloud.Grains.Tests.Support;

/// <summary>One test's corner of the shared cluster: its own namespace and host group, and the verbs tests speak in.</summary>
public sealed class Scenario(ControlPlaneFixture fixture)
{
    public ControlPlaneFixture Fixture { get; } = fixture;

    public string Namespace { get; } = $"t-{Guid.NewGuid().ToString("N")[..8]}";

    public string HostGroup { get; } = $"g-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<IReadOnlyList<SimulatedHost>> AddHostsAsync(int count, string? group = null, ulong memoryFree = 6UL << 30)
    {
        var hosts = Enumerable.Range(0, count)
            .Select(_ => Fixture.Fleet.Add(new Dictionary<string, string> { [WellKnown.HostGroupLabel] = group ?? HostGroup }, memoryFree: memoryFree))
            .ToList();
        await Fixture.Fleet.BeatAsync(Fixture.Grains, hosts);
        var scheduler = Fixture.Grains.GetGrain<ISchedulerGrain>(Fixture.Options.Namespace);
        await Eventually.Until(
            async () => (await scheduler.GetState()).Hosts.Count(h => h.Ready && hosts.Any(x => x.Id == h.HostId)) == hosts.Count,
            "the new hosts to be registered with the scheduler");
        return hosts;
    }

    public static WorkloadDeployment Deployment(string name, string ns, int replicas, string group, string image = "ghcr.io/wasmcloud/components/hello-world:0.1.0") =>
        KubeKind.Stamp(new WorkloadDeployment
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            Spec = new WorkloadDeploymentSpec
            {
                Replicas = replicas,
                Template = new WorkloadTemplate
                {
                    Labels = new Dictionary<string, string> { ["app"] = name },
                    Spec = new WorkloadSpec
                    {
                        HostSelector = new Dictionary<string, string> { [WellKnown.HostGroupLabel] = group },
                        Components = [new WorkloadComponent { Name = "hello", Image = image }],
                        HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = $"{name}.example" } }],
                    },
                },
            },
        });

    public Task<WorkloadDeployment> DeployAsync(string name, int replicas, Action<WorkloadDeployment>? customize = null)
    {
        var deployment = Deployment(name, Namespace, replicas, HostGroup);
        customize?.Invoke(deployment);
        return Fixture.Store.CreateAsync(deployment);
    }

    public async Task<WorkloadDeployment> UpdateDeploymentAsync(string name, Action<WorkloadDeployment> change)
    {
        var current = await Fixture.Store.GetAsync<WorkloadDeployment>(Namespace, name) ?? throw new InvalidOperationException($"{name} not found");
        change(current);
        return await Fixture.Store.UpdateAsync(current);
    }

    public Task<WorkloadDeployment> WaitReadyAsync(string name, int replicas) =>
        Eventually.Until(
            () => Fixture.Store.GetAsync<WorkloadDeployment>(Namespace, name),
            d => d?.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } ready
                && ready.ObservedGeneration == d.Metadata.Generation
                && d.Status.Replicas?.Ready == replicas && d.Status.PreviousReplicaSet is null,
            $"deployment {name} Ready with {replicas} ready replicas");

    public async Task<IReadOnlyList<Workload>> WorkloadsAsync() =>
        [.. (await Fixture.Store.ListAsync<Workload>(Namespace)).Where(w => !w.IsBeingDeleted)];

    public async Task<IReadOnlyList<WorkloadReplicaSet>> ReplicaSetsAsync() =>
        [.. (await Fixture.Store.ListAsync<WorkloadReplicaSet>(Namespace)).Where(r => !r.IsBeingDeleted)];

    public Task<Workload> WaitWorkloadAsync(Func<Workload, bool> done, string what) =>
        Eventually.Until(
            async () => (await WorkloadsAsync()).FirstOrDefault(done),
            w => w is not null,
            what);

    public IWorkloadGrain WorkloadGrain(Workload workload) => Fixture.Grains.GetGrain<IWorkloadGrain>(workload.Key);

    public IReadOnlyList<KubeEvent> Events(string reason) =>
        [.. Fixture.Store.Events().Where(e => e.InvolvedObject.Namespace == Namespace && e.Reason == reason)];
}
