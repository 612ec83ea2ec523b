using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>Orleans silos (the real TestingHost) keeping their reminders in JetStream KV.</summary>
[Collection(ReminderNatsCollection.Name)]
public sealed class JetStreamRemindersClusterTests(NatsServerFixture nats)
{
    private static readonly TimeSpan TickDeadline = TimeSpan.FromSeconds(30);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _serviceId = ReminderTables.NewServiceId();

    [Fact]
    public async Task A_reminder_registered_on_a_silo_that_is_gone_fires_on_the_next_silo_without_anyone_calling_the_grain()
    {
        var grainKey = $"probe-{Guid.NewGuid():N}";
        string firstSilo;
        await using (var first = await StartClusterAsync())
        {
            var tick = ReminderProbeTicks.NextTickAsync(grainKey);
            await first.Client.GetGrain<IReminderProbeGrain>(grainKey).Register(TimeSpan.FromSeconds(1));
            firstSilo = await tick.WaitAsync(TickDeadline, _ct);
        }

        // The first cluster is gone with its memory; only the bucket remembers the reminder.
        await using var table = ReminderTables.Create(nats.ClientUrl, _serviceId);
        var row = Assert.Single((await table.ReadRows(0, 0, _ct)).Reminders);
        Assert.Equal(ReminderProbeGrain.ReminderName, row.ReminderName);

        await using var second = await StartClusterAsync();
        var secondSilo = await ReminderProbeTicks.NextTickAsync(grainKey).WaitAsync(TickDeadline, _ct);
        Assert.NotEqual(firstSilo, secondSilo);

        await second.Client.GetGrain<IReminderProbeGrain>(grainKey).Unregister();
        Assert.Empty((await table.ReadRows(0, 0, _ct)).Reminders);
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseJetStreamReminders(o =>
            {
                o.Url = nats.ClientUrl;
                o.Bucket = ReminderTables.Bucket;
            });
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
