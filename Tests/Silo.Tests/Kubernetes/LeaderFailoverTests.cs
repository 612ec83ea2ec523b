using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.Silo.Kubernetes.LeaderElection;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Wasm;
using Commands = Wasmcloud.Protocol.Commands;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>
/// Two operator silos (built processes) in Kubernetes mode against one fake API server, real hosts on a real
/// nats-server. The leader is killed; the other silo takes the Lease as soon as Orleans declares the leader dead (long
/// before the Lease would expire), relists, carries on, and no workload is started twice: every start command a host
/// receives is counted on the wire.
/// </summary>
[Collection(KubernetesProcessCollection.Name)]
public sealed class LeaderFailoverTests
{
    private const string OperatorNamespace = "wasmcloud-system";
    private const string AppNamespace = "apps";
    private const string HostGroup = "failover";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<KubernetesSiloProcess> _silos = [];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_leaders_successor_takes_the_lease_without_waiting_for_it_to_expire_relists_and_starts_no_workload_twice()
    {
        await using var server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        server.InstallWasmcloudCrds();
        await using var nats = new NatsServerFixture();
        await nats.InitializeAsync();
        await using var commands = await HostCommandRecorder.StartAsync(nats.ClientUrl, _ct);
        using var client = server.CreateClient();
        var store = new KubernetesResourceStore(client, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);
        // A Lease that outlasts the test: the survivor can only lead by seeing, through Orleans membership, that the
        // holder's silo is dead. Probes as in the other process tests, so that takes seconds.
        string[] siloArguments =
        [
            "--Operator:HeartbeatInterval", "00:00:01",
            "--LeaderElection:LeaseDuration", "01:00:00", "--LeaderElection:RenewDeadline", "00:00:05",
            "--Orleans:Membership:ProbeTimeout", "00:00:01", "--Orleans:Membership:NumMissedProbesLimit", "3",
        ];

        await using var first = KubernetesSiloProcess.Start(server, nats.ClientUrl, OperatorNamespace, "silo-a", siloArguments);
        _silos.Add(first);
        await first.WaitReadyAsync(StartTimeout, _ct);
        await using var second = KubernetesSiloProcess.Start(server, nats.ClientUrl, OperatorNamespace, "silo-b", siloArguments);
        _silos.Add(second);
        await Eventually.Until(async () => (await second.GetAsync("healthz", _ct)).IsOk, "the second silo to be up", StartTimeout);
        Assert.Equal("silo-a", await HolderAsync(client));

        // The protocol and placement are under test, not execution: the validating executor checks the image and runs nothing.
        await using var hostA = await StartHostAsync(nats.ClientUrl);
        await using var hostB = await StartHostAsync(nats.ClientUrl);
        await Eventually.Until(
            async () => (await store.ListAsync<Host>(OperatorNamespace, cancellationToken: _ct)).Count(h => h.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true) == 2,
            "both hosts to be Ready Host objects",
            StartTimeout);

        string[] names = ["alpha", "beta", "gamma"];
        foreach (var name in names)
        {
            await store.CreateAsync(Deployment(name, replicas: 2), _ct);
        }

        foreach (var name in names)
        {
            await WaitReadyAsync(store, name, 2);
        }

        var before = await store.ListAsync<Workload>(AppNamespace, cancellationToken: _ct);
        Assert.Equal(6, before.Count);
        // A follower is Ready (a Deployment of silos must be able to roll) but does not hold the Lease, so it feeds nothing.
        Assert.True((await second.GetAsync("readyz", _ct)).IsOk, "a follower is ready to take over");
        Assert.Equal("silo-a", await HolderAsync(client));

        // kill -9: the Lease is not released; the follower takes it once Orleans declares the leader's silo dead.
        var requestsBeforeKill = server.Requests.Count;
        var killedAt = DateTimeOffset.UtcNow;
        first.Process.Kill();
        await Eventually.Until(async () => await HolderAsync(client) == "silo-b", "the follower to take the Lease", StartTimeout);

        // The new leader lists every kind again before it feeds.
        string[] relisted = ["workloaddeployments", "workloadreplicasets", "workloads", "hosts"];
        await Eventually.Until(
            () => relisted.All(plural => server.Requests.Skip(requestsBeforeKill).Any(r => r.Verb == "list" && r.Plural == plural)),
            "the new leader to list every kind again",
            StartTimeout);
        await second.WaitReadyAsync(StartTimeout, _ct);

        // The new leader looks at every running workload on its host (a status poll) instead of starting it again.
        await Eventually.Until(
            () => before.All(w => commands.Commands.Any(c => c.Command == Commands.WorkloadStatus && c.WorkloadId == w.Metadata.Uid && c.At > killedAt)),
            "the new leader to poll every workload's status",
            StartTimeout);

        // And it carries on: a scale-up and a new deployment are reconciled by the new leader.
        await store.MutateAsync<WorkloadDeployment>(AppNamespace, "gamma", gamma =>
        {
            gamma.Spec.Replicas = 3;
            return true;
        }, status: false, _ct);
        await store.CreateAsync(Deployment("delta", replicas: 1), _ct);
        await WaitReadyAsync(store, "gamma", 3);
        await WaitReadyAsync(store, "delta", 1);
        foreach (var name in names[..2])
        {
            await WaitReadyAsync(store, name, 2);
        }

        var after = await store.ListAsync<Workload>(AppNamespace, cancellationToken: _ct);
        Assert.Equal(8, after.Count);
        Assert.Superset(before.Select(w => w.Metadata.Uid!).ToHashSet(), after.Select(w => w.Metadata.Uid!).ToHashSet());
        var starts = commands.CountsOf(Commands.WorkloadStart);
        Assert.All(after, w => Assert.Equal((w.Name, 1), (w.Name, starts.GetValueOrDefault(w.Metadata.Uid!))));
        Assert.Equal(8, starts.Count);
        Assert.Empty(commands.CountsOf(Commands.WorkloadStop));
        Assert.Equal(8, hostA.GetRequiredService<WorkloadManager>().WorkloadCount + hostB.GetRequiredService<WorkloadManager>().WorkloadCount);
    }

    private Task<InProcessHostRuntime> StartHostAsync(string natsUrl) =>
        InProcessHostRuntime.StartAsync(
            natsUrl,
            o => o with { HostGroup = HostGroup, HeartbeatInterval = TimeSpan.FromSeconds(1) },
            services => services.AddSingleton<IWorkloadExecutor, ValidatingWorkloadExecutor>(),
            _ct);

    private async Task<string?> HolderAsync(IKubernetes client) =>
        (await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeadershipOptions.DefaultLeaseName, OperatorNamespace, cancellationToken: _ct)).Spec.HolderIdentity;

    private static WorkloadDeployment Deployment(string name, int replicas) => KubeKind.Stamp(new WorkloadDeployment
    {
        Metadata = new ObjectMeta { Name = name, Namespace = AppNamespace },
        Spec = new WorkloadDeploymentSpec
        {
            Replicas = replicas,
            Template = new WorkloadTemplate
            {
                Spec = new WorkloadSpec
                {
                    HostSelector = new() { [WellKnown.HostGroupLabel] = HostGroup },
                    Components = [new WorkloadComponent { Name = name, Image = Fixtures.ImageOf(Fixtures.Hello) }],
                    HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = $"{name}.example" } }],
                },
            },
        },
    });

    private async Task<WorkloadDeployment> WaitReadyAsync(KubernetesResourceStore store, string name, int replicas)
    {
        try
        {
            return await Eventually.Until(
                () => store.GetAsync<WorkloadDeployment>(AppNamespace, name, _ct),
                d => d?.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } ready
                    && ready.ObservedGeneration == d.Metadata.Generation && d.Status.Replicas?.Ready == replicas && d.Status.CurrentReplicas == replicas,
                $"deployment {name} Ready with {replicas} replica(s)",
                StartTimeout);
        }
        catch (TimeoutException e)
        {
            // What the silos said is the only way to tell a slow machine from a stuck reconcile after the fact.
            var logs = string.Concat(_silos.Select(silo => $"\n--- {silo.Process} log ---\n{silo.Process.Tail(80)}"));
            throw new TimeoutException(e.Message + logs, e);
        }
    }
}
