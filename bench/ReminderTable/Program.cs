using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Orleans.Configuration;
using Orleans.TestingHost;
using Wasmcloud.Bench.ReminderTable;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.TestInfrastructure.Nats;

// Usage: Wasmcloud.Bench.ReminderTable [--reminders 10000] [--runs 5] [--concurrency 64] [--silos 3]
//        [--refresh-seconds 10] [--steady-seconds 60]
var invariant = CultureInfo.InvariantCulture;
var reminders = Option("--reminders", 10_000);
var runs = Option("--runs", 5);
var concurrency = Option("--concurrency", 64);
var silos = Option("--silos", 3);
var refresh = TimeSpan.FromSeconds(Option("--refresh-seconds", 10));
var steady = TimeSpan.FromSeconds(Option("--steady-seconds", 60));
const string bucket = "orleans-reminders-bench";

await using var nats = new NatsServerFixture();
await nats.InitializeAsync();
var serviceId = $"bench-{Guid.NewGuid():N}";
var rows = Enumerable.Range(0, reminders).Select(i => new ReminderEntry
{
    GrainId = GrainId.Create("workload", $"apps/workload-{i}"),
    ReminderName = "reconcile",
    // Far in the future, so nothing fires during the run: this measures the table, not grain activations.
    StartAt = DateTime.UtcNow.AddDays(1),
    Period = TimeSpan.FromMinutes(1),
}).ToArray();

// The JetStream table three ways: as configured by default, and forced to one of its two range-read strategies.
var variants = new TableVariant[]
{
    new("Orleans in-memory table (baseline)", ReminderStore.Memory, 0),
    new($"JetStream KV table (default: per-shard scans up to {JetStreamReminderTableOptions.DefaultMaxRangeShards} shards)", ReminderStore.JetStream, JetStreamReminderTableOptions.DefaultMaxRangeShards),
    new("JetStream KV, always per-shard scans", ReminderStore.JetStream, 256),
    new("JetStream KV, always one full scan", ReminderStore.JetStream, 1),
};
var results = new List<TableResult>();
foreach (var variant in variants)
{
    Console.Error.WriteLine($"{variant.Label}: one silo, {reminders:N0} reminders");
    await using var cluster = await StartClusterAsync(variant.Store, 1, counts: null, refresh: null, variant.MaxRangeShards, $"{bucket}-{results.Count}");
    var table = cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
    results.Add(await MeasureTableAsync(variant, table, $"{bucket}-{results.Count}"));
}

Console.WriteLine(string.Create(invariant,
    $"Reminder table: {reminders:N0} reminders (one per grain), {runs} runs per read (median), {concurrency} upserts in flight."));
Console.WriteLine(string.Create(invariant,
    $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; nats-server with JetStream (file storage) on loopback."));
Console.WriteLine();
Console.WriteLine("| measure | " + string.Join(" | ", results.Select(r => r.Variant.Label)) + " |");
Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")));
Row($"upsert {reminders:N0} reminders", r => Ms(r.Upsert));
Row($"full ring read, ReadRows(0, 0) ({reminders:N0} rows)", r => Ms(r.FullRead));
Row("1/3-ring read, ReadRows(0, 0x55555555)", r => Ms(r.ThirdRead) + string.Create(invariant, $" ({r.ThirdRows:N0} rows)"));
Row("one silo's share of a 3-silo ring: 30 reads of 1/90 ring each", r => Ms(r.ShareRead));
Row("ReadRow (one reminder), median", r => Ms(r.ReadRow));
Row("ReadRows(grain), median", r => Ms(r.ReadGrain));
Row("bytes stored (JetStream stream bytes)", r => r.StoredBytes is { } b ? string.Create(invariant, $"{b / 1024.0 / 1024.0:N2} MiB ({b / (double)reminders:N0} B/reminder)") : "— (silo memory)");

// Steady state: how often a cluster of silos reads the table once the reminders are there (they are: same service id),
// with Orleans' default ring (30 virtual buckets per silo) and with one range per silo.
foreach (var virtualBuckets in new[] { true, false })
{
    var ring = virtualBuckets ? "30 virtual buckets per silo (Orleans' default)" : "one range per silo (UseVirtualBucketsConsistentRing = false)";
    Console.Error.WriteLine($"Steady state: {silos} silos, {ring}, refresh every {refresh.TotalSeconds:N0} s, for {steady.TotalSeconds:N0} s");
    var counts = new TableCallCounts();
    var startClock = Stopwatch.StartNew();
    await using var cluster = await StartClusterAsync(ReminderStore.JetStream, silos, counts, refresh, JetStreamReminderTableOptions.DefaultMaxRangeShards, $"{bucket}-1", virtualBuckets);
    var started = startClock.Elapsed;
    var atStart = counts.Snapshot();
    counts.Reset();
    var natsCpuBefore = ChildProcessCpu.Of("nats-server");
    await Task.Delay(steady);
    var natsCpu = ChildProcessCpu.Of("nats-server") - natsCpuBefore;
    var during = counts.Snapshot();

    Console.WriteLine();
    Console.WriteLine(string.Create(invariant, $"Steady state, JetStream table, {silos} silos, {ring}, RefreshReminderListPeriod {refresh.TotalSeconds:N0} s (Orleans' default: 5 min):"));
    Console.WriteLine();
    Console.WriteLine("| table calls | until DeployAsync returned (" + string.Create(invariant, $"{started.TotalSeconds:N1} s") + ") | " + string.Create(invariant, $"in the next {steady.TotalSeconds:N0} s") + " | per silo per refresh period | mean call duration |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    var periods = silos * (steady / refresh);
    foreach (var call in atStart.Keys.Union(during.Keys).Order(StringComparer.Ordinal))
    {
        var (steadyCount, steadyElapsed) = during.GetValueOrDefault(call);
        Console.WriteLine(string.Create(invariant,
            $"| {call} | {atStart.GetValueOrDefault(call).Count:N0} | {steadyCount:N0} | {steadyCount / periods:N1} | {(steadyCount == 0 ? 0 : steadyElapsed.TotalMilliseconds / steadyCount):N1} ms |"));
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(invariant,
        $"nats-server CPU in those {steady.TotalSeconds:N0} s: {natsCpu.TotalSeconds:N2} s, i.e. {natsCpu.TotalMilliseconds / periods:N0} ms per silo per refresh period."));
}

return 0;

async Task<TableResult> MeasureTableAsync(TableVariant variant, IReminderTable table, string variantBucket)
{
    // Warm-up (JIT, connections, the bucket's first blocks), then the timed run onto an empty table.
    await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (row, ct) => await table.UpsertRow(row, ct));
    await table.TestOnlyClearTable();
    var upsert = Stopwatch.StartNew();
    await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (row, ct) => await table.UpsertRow(row, ct));
    upsert.Stop();

    var fullCount = 0;
    var full = await MedianAsync(async () => fullCount = (await table.ReadRows(0, 0)).Reminders.Count);
    if (fullCount != reminders)
    {
        throw new InvalidOperationException($"{variant.Label}: the full read returned {fullCount} rows, not {reminders}.");
    }

    var thirdRows = 0;
    var third = await MedianAsync(async () => thirdRows = (await table.ReadRows(0, uint.MaxValue / 3)).Reminders.Count);
    var share = await MedianAsync(async () =>
    {
        // A silo with 30 virtual buckets in a 3-silo ring owns about 30 ranges of 1/90 of the ring each.
        const uint width = uint.MaxValue / 90;
        for (var i = 0u; i < 30; i++)
        {
            await table.ReadRows(i * 3 * width, (i * 3 * width) + width);
        }
    });
    var random = new Random(42);
    var readRow = await MedianAsync(async () => await table.ReadRow(rows[random.Next(rows.Length)].GrainId, "reconcile"), 200);
    var readGrain = await MedianAsync(async () => await table.ReadRows(rows[random.Next(rows.Length)].GrainId), 200);

    long? bytes = null;
    if (variant.Store == ReminderStore.JetStream)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.ClientUrl });
        var stream = await new NatsJSContext(connection).GetStreamAsync("KV_" + variantBucket);
        bytes = (long)stream.Info.State.Bytes;
    }

    return new TableResult(variant, upsert.Elapsed, full, third, thirdRows, share, readRow, readGrain, bytes);
}

async Task<TimeSpan> MedianAsync(Func<Task> action, int? count = null)
{
    await action(); // warm-up
    var times = new List<TimeSpan>();
    for (var i = 0; i < (count ?? runs); i++)
    {
        var watch = Stopwatch.StartNew();
        await action();
        times.Add(watch.Elapsed);
    }

    return times.Order().ElementAt(times.Count / 2);
}

async Task<InProcessTestCluster> StartClusterAsync(ReminderStore store, int siloCount, TableCallCounts? counts, TimeSpan? refresh, int maxRangeShards, string tableBucket, bool virtualBuckets = true)
{
    var builder = new InProcessTestClusterBuilder((short)siloCount);
    builder.Options.ConfigureFileLogging = false;
    builder.Options.ServiceId = serviceId;
    builder.ConfigureSilo((_, silo) =>
    {
        if (store == ReminderStore.Memory)
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseJetStreamReminders(o =>
            {
                o.Url = nats.ClientUrl;
                o.Bucket = tableBucket;
                o.MaxRangeShards = maxRangeShards;
            });
        }

        if (counts is not null)
        {
            // Registered last, so Orleans resolves the counting decorator around the real table.
            silo.Services.AddSingleton<IReminderTable>(sp => new CountingReminderTable(sp.GetRequiredService<JetStreamReminderTable>(), counts));
        }

        silo.Services.Configure<ConsistentRingOptions>(o => o.UseVirtualBucketsConsistentRing = virtualBuckets);
        if (refresh is { } period)
        {
            silo.Services.Configure<ReminderOptions>(o => o.RefreshReminderListPeriod = period);
        }
    });
    var cluster = builder.Build();
    await cluster.DeployAsync();
    return cluster;
}

void Row(string measure, Func<TableResult, string> cell) =>
    Console.WriteLine($"| {measure} | {string.Join(" | ", results.Select(cell))} |");

string Ms(TimeSpan time) => string.Create(invariant, $"{time.TotalMilliseconds:N1} ms");

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], invariant) : fallback;
}

internal sealed record TableVariant(string Label, ReminderStore Store, int MaxRangeShards);

internal sealed record TableResult(
    TableVariant Variant, TimeSpan Upsert, TimeSpan FullRead, TimeSpan ThirdRead, int ThirdRows, TimeSpan ShareRead, TimeSpan ReadRow, TimeSpan ReadGrain, long? StoredBytes);
