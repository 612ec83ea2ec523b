using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.Clustering;

/// <summary>
/// Three silo processes in Kubernetes mode, one Orleans cluster through the MembershipTable on the (fake) API server,
/// two hosts: the silo leading the control plane is killed with SIGKILL, and the platform must not notice beyond a
/// pause. Nothing that ran is lost or started again, new work is reconciled by the survivors, and a restarted silo
/// joins them.
/// </summary>
public sealed class SiloProcessFailoverTests
{
    // Orleans' probes (1 s, three misses), the Lease (4 s) and a relist; generous for a busy machine.
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(60);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_leading_silo_loses_no_workload_starts_none_twice_and_a_restarted_silo_rejoins()
    {
        await using var platform = await KubernetesPlatform.StartAsync(silos: 3, hosts: 2, cancellationToken: _ct);
        await platform.Until(() => platform.Members().Count(m => m.Status == "Active") == 3, "three Active silos in the MembershipTable");

        await platform.ApplyAsync(PlatformManifests.HttpDeployment("before", Fixtures.ImageOf(Fixtures.Hello), "before.failover.test", replicas: 2), _ct);
        await platform.Until(() => platform.WorkloadsOf("before") is { Count: 2 } w && w.All(KubernetesPlatform.IsReady), "both Workloads of 'before' to be Ready");
        var placed = platform.WorkloadsOf("before").ToDictionary(KubernetesPlatform.Name, KubernetesPlatform.HostIdOf);

        await platform.Until(() => platform.Leader() is not null, "a silo to hold the Lease");
        var victim = platform.Silos.Single(s => s.PodName == platform.Leader());
        victim.Kill();

        // The survivors vote the dead silo out of the table, and one of them takes the Lease.
        await platform.Until(() => platform.Members().Contains((victim.PodName, "Dead")), $"{victim.PodName} to be declared Dead", FailoverDeadline);
        await platform.Until(() => platform.Leader() is { } leader && leader != victim.PodName, "a survivor to take the Lease", FailoverDeadline);

        // Reconciliation goes on: new work is placed and started by the survivors.
        await platform.ApplyAsync(PlatformManifests.HttpDeployment("after", Fixtures.ImageOf(Fixtures.Hello), "after.failover.test", replicas: 1), _ct);
        await platform.Until(() => platform.WorkloadsOf("after") is { Count: 1 } w && w.All(KubernetesPlatform.IsReady), "the Workload of 'after' to be Ready", FailoverDeadline);

        // What ran before still runs where it ran, and nothing was started twice.
        Assert.Equal(placed, platform.WorkloadsOf("before").ToDictionary(KubernetesPlatform.Name, KubernetesPlatform.HostIdOf));
        Assert.All(platform.WorkloadsOf("before"), w => Assert.True(KubernetesPlatform.IsReady(w), platform.Describe()));
        foreach (var name in placed.Keys.Concat(platform.WorkloadsOf("after").Select(KubernetesPlatform.Name)))
        {
            Assert.True(platform.StartsOf(name) == 1, $"{name} was started {platform.StartsOf(name)} times\n{platform.Describe()}");
        }

        // The pod comes back (a new process, a new silo incarnation) and joins the survivors.
        var restarted = await platform.StartSiloAsync(_ct);
        await platform.Until(
            () => platform.Members().Where(m => m.Status == "Active").Select(m => m.SiloName).Order().SequenceEqual(platform.Silos.Where(s => !s.IsKilled).Select(s => s.PodName).Order()),
            $"{restarted.PodName} to join the two survivors as Active",
            FailoverDeadline);
        Assert.Contains((victim.PodName, "Dead"), platform.Members());
    }
}
