using Wasmcloud.Silo.Reminders;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>The <see cref="IReminderTable"/> contract, against a real nats-server with JetStream.</summary>
[Collection(ReminderNatsCollection.Name)]
public sealed class JetStreamReminderTableTests(NatsServerFixture nats) : IAsyncLifetime
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _serviceId = ReminderTables.NewServiceId();
    private readonly List<JetStreamReminderTable> _tables = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_row_reads_back_as_written_and_only_its_current_etag_removes_it()
    {
        var table = await StartTableAsync();
        var grain = ReminderTables.NewGrainId();
        var reminder = ReminderTables.Reminder(grain, "foo/bar\\#b_a_z?.>*");

        var first = await table.UpsertRow(reminder, _ct);
        var read = await table.ReadRow(grain, reminder.ReminderName, _ct);

        Assert.NotNull(read);
        Assert.Equal(first, read.ETag);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal(reminder.ReminderName, read.ReminderName);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(reminder.Period, read.Period);

        var second = await table.UpsertRow(reminder, _ct);
        Assert.NotEqual(first, second);
        Assert.False(await table.RemoveRow(grain, reminder.ReminderName, first!, _ct), "a stale etag must not remove the row");
        Assert.False(await table.RemoveRow(grain, "other", second!, _ct), "another reminder's name must not remove the row");
        Assert.False(await table.RemoveRow(grain, reminder.ReminderName, "not-an-etag", _ct));
        Assert.NotNull(await table.ReadRow(grain, reminder.ReminderName, _ct));

        Assert.True(await table.RemoveRow(grain, reminder.ReminderName, second!, _ct));
        Assert.Null(await table.ReadRow(grain, reminder.ReminderName, _ct));
        Assert.False(await table.RemoveRow(grain, reminder.ReminderName, second!, _ct), "a removed row cannot be removed twice");
        Assert.Empty((await table.ReadRows(grain, _ct)).Reminders);
    }

    [Fact]
    public async Task A_row_removed_and_registered_again_gets_a_new_etag_that_the_old_one_cannot_remove()
    {
        var table = await StartTableAsync();
        var grain = ReminderTables.NewGrainId();
        var old = await table.UpsertRow(ReminderTables.Reminder(grain, "r"), _ct);
        Assert.True(await table.RemoveRow(grain, "r", old!, _ct));

        var renewed = await table.UpsertRow(ReminderTables.Reminder(grain, "r"), _ct);

        Assert.NotEqual(old, renewed);
        Assert.False(await table.RemoveRow(grain, "r", old!, _ct));
        Assert.Equal(renewed, (await table.ReadRow(grain, "r", _ct))?.ETag);
    }

    [Fact]
    public async Task Conflicting_upserts_from_two_silos_both_succeed_and_the_last_write_wins()
    {
        var silo1 = await StartTableAsync();
        var silo2 = await StartTableAsync();
        var grain = ReminderTables.NewGrainId();
        var fromSilo1 = ReminderTables.Reminder(grain, "reconcile");
        var fromSilo2 = ReminderTables.Reminder(grain, "reconcile");
        fromSilo2.Period = TimeSpan.FromMinutes(5);

        var etags = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? silo1 : silo2).UpsertRow(i % 2 == 0 ? fromSilo1 : fromSilo2, _ct)));

        Assert.Equal(10, etags.Distinct().Count());
        var current = await silo1.ReadRow(grain, "reconcile", _ct);
        Assert.NotNull(current);
        var winner = etags.OrderBy(e => ulong.Parse(e!)).Last();
        Assert.Equal(winner, current.ETag);
        var winningWrite = Array.IndexOf(etags, winner) % 2 == 0 ? fromSilo1 : fromSilo2;
        Assert.Equal(winningWrite.Period, current.Period);
        Assert.Equal(winner, (await silo2.ReadRow(grain, "reconcile", _ct))?.ETag);
        foreach (var loser in etags.Where(e => e != winner))
        {
            Assert.False(await silo2.RemoveRow(grain, "reconcile", loser!, _ct));
        }

        Assert.True(await silo2.RemoveRow(grain, "reconcile", winner!, _ct));
        Assert.Null(await silo1.ReadRow(grain, "reconcile", _ct));
    }

    [Fact]
    public async Task Concurrent_removes_with_the_same_etag_succeed_once()
    {
        var silo1 = await StartTableAsync();
        var silo2 = await StartTableAsync();
        var grain = ReminderTables.NewGrainId();
        var etag = await silo1.UpsertRow(ReminderTables.Reminder(grain, "r"), _ct);

        var removed = await Task.WhenAll(silo1.RemoveRow(grain, "r", etag!, _ct), silo2.RemoveRow(grain, "r", etag!, _ct));

        Assert.Single(removed, r => r);
    }

    [Fact]
    public async Task A_grains_rows_are_its_own_reminders_only()
    {
        var table = await StartTableAsync();
        var grain = ReminderTables.NewGrainId();
        var neighbour = GrainId.Create("workload", grain.Key + "x");
        var names = Enumerable.Range(0, 25).Select(i => $"reminder-{i}").ToArray();
        foreach (var name in names)
        {
            await table.UpsertRow(ReminderTables.Reminder(grain, name), _ct);
        }

        await table.UpsertRow(ReminderTables.Reminder(neighbour, "reminder-0"), _ct);

        var rows = (await table.ReadRows(grain, _ct)).Reminders;
        Assert.Equal(names.Order(), rows.Select(r => r.ReminderName).Order());
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
        Assert.Empty((await table.ReadRows(ReminderTables.NewGrainId(), _ct)).Reminders);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(JetStreamReminderTableOptions.DefaultMaxRangeShards)]
    [InlineData(256)]
    public async Task Range_reads_return_exactly_the_rows_in_the_half_open_ring_range_wrapping_past_zero(int maxRangeShards)
    {
        var table = await StartTableAsync(o => o.MaxRangeShards = maxRangeShards);
        var grains = Enumerable.Range(0, 600).Select(_ => ReminderTables.NewGrainId()).ToArray();
        await Task.WhenAll(grains.Select(g => table.UpsertRow(ReminderTables.Reminder(g, "r"), _ct)));
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();
        var some = hashes[17];

        var ranges = new List<(uint Begin, uint End)>
        {
            (0, uint.MaxValue), (0, 0), (some, some), (uint.MaxValue, uint.MaxValue), (uint.MaxValue, 0),
            (some - 1, some), (some, some + 1), (uint.MaxValue / 3 * 2, uint.MaxValue / 3), (uint.MaxValue - 5, uint.MaxValue / 3),
            (0, uint.MaxValue / 3), (uint.MaxValue / 3, 0), (0x10FF_FFFF, 0x1100_0000),
        };
        var random = new Random(7);
        for (var i = 0; i < 40; i++)
        {
            ranges.Add(((uint)random.NextInt64(0, uint.MaxValue + 1L), (uint)random.NextInt64(0, uint.MaxValue + 1L)));
        }

        foreach (var (begin, end) in ranges)
        {
            var rows = (await table.ReadRows(begin, end, _ct)).Reminders;
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
            Assert.True(expected.SetEquals(rows.Select(r => r.GrainId)), $"range ({begin:x8}, {end:x8}]: expected {expected.Count} rows, got {rows.Count}");
            Assert.Equal(rows.Count, rows.Select(r => r.GrainId).Distinct().Count());
        }
    }

    [Fact]
    public async Task Many_reminders_all_come_back_from_a_full_ring_read()
    {
        const int count = 3000;
        var table = await StartTableAsync();
        var rows = Enumerable.Range(0, count).Select(i => ReminderTables.Reminder(ReminderTables.NewGrainId(), $"r{i % 3}")).ToArray();
        foreach (var chunk in rows.Chunk(200))
        {
            await Task.WhenAll(chunk.Select(r => table.UpsertRow(r, _ct)));
        }

        var all = (await table.ReadRows(0, 0, _ct)).Reminders;

        Assert.Equal(count, all.Count);
        Assert.Equal(rows.Select(r => (r.GrainId, r.ReminderName)).ToHashSet(), all.Select(r => (r.GrainId, r.ReminderName)).ToHashSet());
    }

    [Fact]
    public async Task A_new_silos_table_sees_the_rows_and_etags_a_gone_silo_wrote()
    {
        var grain = ReminderTables.NewGrainId();
        string? etag;
        await using (var gone = ReminderTables.Create(nats.ClientUrl, _serviceId))
        {
            await gone.StartAsync(_ct);
            etag = await gone.UpsertRow(ReminderTables.Reminder(grain, "survivor"), _ct);
        }

        var successor = await StartTableAsync();

        var row = Assert.Single((await successor.ReadRows(0, 0, _ct)).Reminders);
        Assert.Equal((grain, "survivor", etag), (row.GrainId, row.ReminderName, row.ETag));
        Assert.True(await successor.RemoveRow(grain, "survivor", etag!, _ct));
    }

    [Fact]
    public async Task Services_sharing_a_bucket_see_and_clear_only_their_own_rows()
    {
        var mine = await StartTableAsync();
        var theirs = ReminderTables.Create(nats.ClientUrl, ReminderTables.NewServiceId());
        _tables.Add(theirs);
        await theirs.StartAsync(_ct);
        var grain = ReminderTables.NewGrainId();
        await mine.UpsertRow(ReminderTables.Reminder(grain, "r"), _ct);
        await theirs.UpsertRow(ReminderTables.Reminder(grain, "r"), _ct);
        await theirs.UpsertRow(ReminderTables.Reminder(ReminderTables.NewGrainId(), "r"), _ct);

        Assert.Single((await mine.ReadRows(0, 0, _ct)).Reminders);

        await mine.TestOnlyClearTable(_ct);

        Assert.Empty((await mine.ReadRows(0, 0, _ct)).Reminders);
        Assert.Null(await mine.ReadRow(grain, "r", _ct));
        Assert.Equal(2, (await theirs.ReadRows(0, 0, _ct)).Reminders.Count);
    }

    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private async Task<JetStreamReminderTable> StartTableAsync(Action<JetStreamReminderTableOptions>? configure = null)
    {
        var table = ReminderTables.Create(nats.ClientUrl, _serviceId, configure);
        _tables.Add(table);
        await table.StartAsync(_ct);
        return table;
    }
}
