using System.Globalization;
using System.Text.Json.Nodes;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.Clustering;

/// <summary>
/// Three silo processes in Kubernetes mode, one Orleans cluster through the MembershipTable on the (fake) API server,
/// two hosts: the silo leading the control plane is killed with SIGKILL, and the platform must not notice beyond a
/// pause. Nothing that ran is lost or started again, new work is reconciled by the survivors, the reminders the dead
/// silo fired (rows of the JetStream reminder table) are fired by the survivors, and a restarted silo joins them.
/// </summary>
public sealed class SiloProcessFailoverTests
{
    // Orleans' probes (1 s, three misses), the Lease (4 s) and a relist; generous for a busy machine.
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(60);

    // The steady-state reconcile of a Workload is its Orleans reminder; a short period makes its ticks visible within seconds.
    private static readonly TimeSpan WorkloadReminderPeriod = TimeSpan.FromSeconds(3);

    private static readonly IReadOnlyList<string> SiloArguments =
    [
        .. KubernetesPlatform.FastSiloArguments,
        "--Operator:WorkloadReconcileInterval", WorkloadReminderPeriod.ToString("c", CultureInfo.InvariantCulture),
    ];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_leading_silo_loses_no_workload_starts_none_twice_keeps_its_reminders_firing_and_a_restarted_silo_rejoins()
    {
        await using var platform = await KubernetesPlatform.StartAsync(silos: 3, hosts: 2, SiloArguments, _ct);
        await using var commands = await HostCommandRecorder.StartAsync(platform.Nats.ClientUrl, _ct);
        await platform.Until(() => platform.Members().Count(m => m.Status == "Active") == 3, "three Active silos in the MembershipTable");

        await platform.ApplyAsync(PlatformManifests.HttpDeployment("before", Fixtures.ImageOf(Fixtures.Hello), "before.failover.test", replicas: 2), _ct);
        await platform.Until(() => platform.WorkloadsOf("before") is { Count: 2 } w && w.All(KubernetesPlatform.IsReady), "both Workloads of 'before' to be Ready");

        await platform.Until(() => platform.Leader() is not null, "a silo to hold the Lease");
        var victim = platform.Silos.Single(s => s.PodName == platform.Leader());

        // Every Workload's steady-state reconcile is a row of the JetStream reminder table, at the configured period.
        var beforeRows = await ReminderRowsOfAsync(platform, [.. platform.WorkloadsOf("before").Select(KubernetesPlatform.Name)]);
        Assert.All(beforeRows, row => Assert.Equal(WorkloadReminderPeriod, row.Period));

        // A Workload whose reminder the victim's reminder service fires: its name is chosen so that its grain hashes into
        // the victim's share of Orleans' ring of the three silos.
        var ring = new ReminderRing(platform.ActiveSilos());
        var workloadGrainType = GrainId.Parse(beforeRows[0].GrainId).Type;
        Assert.All(beforeRows, row => Assert.Equal(row.GrainHash, GrainId.Parse(row.GrainId).GetUniformHashCode()));
        var reminded = Enumerable.Range(0, 1000).Select(i => $"reminded-{i}")
            .First(name => ring.OwnerOf(GrainId.Create(workloadGrainType, $"{KubernetesPlatform.AppsNamespace}/{name}").GetUniformHashCode()) == victim.PodName);
        await platform.ApplyAsync(PlatformManifests.HttpWorkload(reminded, Fixtures.ImageOf(Fixtures.Hello), "reminded.failover.test"), _ct);
        await platform.Until(() => Workload(platform, reminded) is { } w && KubernetesPlatform.IsReady(w), $"the Workload {reminded} to be Ready", FailoverDeadline);
        var remindedRow = Assert.Single(await ReminderRowsOfAsync(platform, [reminded]));
        Assert.Equal(victim.PodName, ring.OwnerOf(remindedRow.GrainHash));

        var placed = platform.WorkloadsOf("before").Append(Workload(platform, reminded)!).ToDictionary(KubernetesPlatform.Name, KubernetesPlatform.HostIdOf);
        victim.Kill();

        // The survivors vote the dead silo out of the table, and one of them takes the Lease.
        await platform.Until(() => platform.Members().Contains((victim.PodName, "Dead")), $"{victim.PodName} to be declared Dead", FailoverDeadline);
        var declaredDeadAt = DateTimeOffset.UtcNow;
        await platform.Until(() => platform.Leader() is { } leader && leader != victim.PodName, "a survivor to take the Lease", FailoverDeadline);

        // Reconciliation goes on: new work is placed and started by the survivors.
        await platform.ApplyAsync(PlatformManifests.HttpDeployment("after", Fixtures.ImageOf(Fixtures.Hello), "after.failover.test", replicas: 1), _ct);
        await platform.Until(() => platform.WorkloadsOf("after") is { Count: 1 } w && w.All(KubernetesPlatform.IsReady), "the Workload of 'after' to be Ready", FailoverDeadline);

        // What ran before still runs where it ran, and nothing was started twice.
        Assert.Equal(placed, platform.WorkloadsOf("before").Append(Workload(platform, reminded)!).ToDictionary(KubernetesPlatform.Name, KubernetesPlatform.HostIdOf));
        Assert.All(platform.WorkloadsOf("before"), w => Assert.True(KubernetesPlatform.IsReady(w), platform.Describe()));
        foreach (var name in placed.Keys.Concat(platform.WorkloadsOf("after").Select(KubernetesPlatform.Name)))
        {
            Assert.True(platform.StartsOf(name) == 1, $"{name} was started {platform.StartsOf(name)} times\n{platform.Describe()}");
        }

        // The reminder the dead silo fired survives it and ticks on a survivor: the Workload's status is polled again and
        // again. A tick that activates the grain runs two passes (the activation's and the tick's), so three polls are
        // at least two ticks.
        Assert.Single(await ReminderRowsOfAsync(platform, [reminded]));
        var remindedWorkload = Workload(platform, reminded)!;
        var (remindedHost, remindedId) = (KubernetesPlatform.HostIdOf(remindedWorkload)!, KubernetesPlatform.WorkloadIdOf(remindedWorkload)!);
        await platform.Until(
            () => commands.Commands.Count(c => c.Command == Commands.WorkloadStatus && c.WorkloadId == remindedId && c.At > declaredDeadAt) >= 3,
            $"the status of {reminded} to be polled three times after {victim.PodName} died",
            FailoverDeadline);

        // Only a reminder tick can notice a workload stopped behind the operator's back (no watch event carries it): the
        // operator sees it gone and starts it again, on the other host.
        Assert.Equal(WorkloadState.Stopping, await platform.StopOnHostAsync(remindedHost, remindedId, _ct));
        await platform.Until(
            () => Workload(platform, reminded) is { } w && KubernetesPlatform.IsReady(w) && KubernetesPlatform.HostIdOf(w) is { } host && host != remindedHost,
            $"{reminded}, stopped on {remindedHost}, to be Ready on the other host",
            FailoverDeadline);
        Assert.Contains("NotOperational", platform.EventReasonsOf(reminded));
        Assert.Equal(2, platform.StartsOf(reminded));

        // The pod comes back (a new process, a new silo incarnation) and joins the survivors.
        var restarted = await platform.StartSiloAsync(_ct);
        await platform.Until(
            () => platform.Members().Where(m => m.Status == "Active").Select(m => m.SiloName).Order().SequenceEqual(platform.Silos.Where(s => !s.IsKilled).Select(s => s.PodName).Order()),
            $"{restarted.PodName} to join the two survivors as Active",
            FailoverDeadline);
        Assert.Contains((victim.PodName, "Dead"), platform.Members());
    }

    private static JsonObject? Workload(KubernetesPlatform platform, string name) =>
        platform.Objects("workloads", KubernetesPlatform.AppsNamespace).SingleOrDefault(w => KubernetesPlatform.Name(w) == name);

    /// <summary>Waits until each named Workload has its reminder row in the JetStream bucket, and returns those rows.</summary>
    private async Task<IReadOnlyList<ReminderRow>> ReminderRowsOfAsync(KubernetesPlatform platform, IReadOnlyList<string> workloads)
    {
        IReadOnlyList<ReminderRow> rows = [];
        await platform.Until(
            async () =>
            {
                var all = await platform.ReminderRowsAsync(_ct);
                rows = [.. workloads.Select(name => all.SingleOrDefault(r => r.IsOfWorkload(KubernetesPlatform.AppsNamespace, name))).OfType<ReminderRow>()];
                return rows.Count == workloads.Count;
            },
            $"reminder rows of {string.Join(", ", workloads)} in the JetStream bucket",
            FailoverDeadline);
        return rows;
    }
}
