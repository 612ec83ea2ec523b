using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>
/// <see cref="ReminderRing"/>, the model the silo failover test uses to pick reminders of the silo it kills, names the
/// silos that really fire the reminders: of three silos, and of the two left when one goes. If Orleans changes how it
/// shares the ring out, this fails instead of the failover test silently proving less.
/// </summary>
[Collection(ReminderNatsCollection.Name)]
public sealed class ReminderRingTests(NatsServerFixture nats)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _serviceId = ReminderTables.NewServiceId();

    [Fact]
    public async Task Each_reminder_is_fired_by_the_silo_the_ring_model_names_before_and_after_a_silo_leaves()
    {
        await using var cluster = await StartClusterAsync(silos: 3);
        var keys = Enumerable.Range(0, 12).Select(i => $"{_serviceId}-{i}").ToList();
        var hashes = keys.ToDictionary(key => key, key => cluster.Client.GetGrain<IRingProbeGrain>(key).GetGrainId().GetUniformHashCode());
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<IRingProbeGrain>(key).Register(Period);
        }

        var three = new ReminderRing(cluster.Silos.Select(s => (s.SiloAddress.ToString(), s.SiloAddress)));
        await UntilTicksMatchAsync(keys, hashes, three, "every reminder to tick on the silo the model of three silos names");

        // The silo (other than the first, which the test cluster treats specially) that fires most of the reminders leaves.
        var leaving = cluster.Silos.Skip(1).MaxBy(s => keys.Count(key => three.OwnerOf(hashes[key]) == s.SiloAddress.ToString()))!;
        var orphaned = keys.Where(key => three.OwnerOf(hashes[key]) == leaving.SiloAddress.ToString()).ToList();
        Assert.NotEmpty(orphaned);
        await cluster.StopSiloAsync(leaving, _ct);
        keys.ForEach(RingProbeTicks.Forget);

        var two = new ReminderRing(cluster.Silos.Where(s => s != leaving).Select(s => (s.SiloAddress.ToString(), s.SiloAddress)));
        await UntilTicksMatchAsync(keys, hashes, two, "every reminder to tick on the silo the model of the two survivors names");
        Assert.All(orphaned, key => Assert.NotEqual(leaving.SiloAddress, RingProbeTicks.LatestOf(key)));
    }

    /// <summary>Waits until each grain's latest tick came from the silo <paramref name="ring"/> names; a timeout lists those that did not.</summary>
    private static Task UntilTicksMatchAsync(IReadOnlyList<string> keys, IReadOnlyDictionary<string, uint> hashes, ReminderRing ring, string what) =>
        Eventually.Until(
            () => Task.FromResult<IReadOnlyList<string>?>(
            [
                .. keys
                    .Where(key => RingProbeTicks.LatestOf(key)?.ToString() != ring.OwnerOf(hashes[key]))
                    .Select(key => $"{key} (hash {hashes[key]:x8}) last ticked on {RingProbeTicks.LatestOf(key)?.ToString() ?? "no silo"}, the model names {ring.OwnerOf(hashes[key])}"),
            ]),
            mismatches => mismatches is { Count: 0 },
            what,
            Deadline);

    private async Task<InProcessTestCluster> StartClusterAsync(int silos)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseJetStreamReminders(o =>
            {
                o.Url = nats.ClientUrl;
                o.Bucket = ReminderTables.Bucket;
            });
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = Period);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
