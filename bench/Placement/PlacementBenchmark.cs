using System.Diagnostics;
using Wasmcloud.Grains.Abstractions.Scheduling;
using Wasmcloud.Grains.Scheduling;

namespace Wasmcloud.Bench.Placement;

internal sealed record BenchmarkOptions(int Hosts, int Workloads, int HostGroups, int Runs, int Seed);

internal enum Scenario
{
    /// <summary>Each ReplicaSet selects one of the host groups (about a quarter of the hosts are eligible).</summary>
    HostgroupSelector,

    /// <summary>No selector: every host is eligible, the worst case for the ranking scan.</summary>
    NoSelector,

    /// <summary>As HostgroupSelector, with a heartbeat every 10 placements and a readiness flip every 1,000.</summary>
    HostgroupSelectorWithHeartbeats,

    /// <summary>As HostgroupSelector, but every host reports 16 GiB free: shows evenness without the size mix.</summary>
    HostgroupSelectorEqualHosts,
}

internal sealed record Quality(
    int MaxReplicasOfOneGroupOnOneHost,
    double MeanWorkloadsPerHost,
    double StdDevWorkloadsPerHost,
    int MinWorkloadsPerHost,
    int MaxWorkloadsPerHost,
    double StdDevWorkloadsAmongEqualHosts,
    double StdDevFreeGiBAfter);

internal sealed record RunResult(
    TimeSpan Total,
    double P50Micros,
    double P99Micros,
    double MaxMicros,
    long AllocatedBytes,
    int Unplaced,
    Quality Quality);

/// <summary>Builds a synthetic fleet and workload set once, then places it onto fresh engines.</summary>
internal sealed class PlacementBenchmark
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;
    private static readonly long[] s_freeMemoryGiB = [4, 8, 16, 32, 64];
    private static readonly long[] s_workloadMemoryMiB = [64, 128, 256, 512];

    private readonly BenchmarkOptions _options;
    private readonly HostInventoryEntry[] _hosts;
    private readonly HostInventoryEntry[] _equalHosts;
    private readonly PlacementRequest[] _withSelector;
    private readonly PlacementRequest[] _withoutSelector;
    private readonly HostInventoryEntry[] _heartbeats;

    public PlacementBenchmark(BenchmarkOptions options)
    {
        _options = options;
        var random = new Random(options.Seed);
        _hosts = CreateHosts(random);
        _equalHosts = Array.ConvertAll(_hosts, h => h with { MemoryFreeBytes = 16 * GiB, MemoryTotalBytes = 32 * GiB });
        _withSelector = CreateRequests(random);
        _withoutSelector = Array.ConvertAll(_withSelector, r => r with { HostSelector = new Dictionary<string, string>() });
        _heartbeats = CreateHeartbeats(random);
    }

    public RunResult Run(Scenario scenario)
    {
        var requests = scenario == Scenario.NoSelector ? _withoutSelector : _withSelector;
        var heartbeats = scenario == Scenario.HostgroupSelectorWithHeartbeats;
        var engine = new PlacementEngine(_options.Seed);
        foreach (var host in scenario == Scenario.HostgroupSelectorEqualHosts ? _equalHosts : _hosts)
        {
            engine.UpsertHost(host);
        }

        var latencies = new long[requests.Length];
        var unplaced = 0;
        var heartbeat = 0;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < requests.Length; i++)
        {
            if (heartbeats && i % 10 == 0)
            {
                engine.UpsertHost(_heartbeats[heartbeat++]);
            }

            var before = Stopwatch.GetTimestamp();
            var decision = engine.Place(requests[i]);
            latencies[i] = Stopwatch.GetTimestamp() - before;
            if (!decision.Placed)
            {
                unplaced++;
            }
        }

        var total = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Array.Sort(latencies);
        return new RunResult(
            total,
            Micros(Percentile(latencies, 0.50)),
            Micros(Percentile(latencies, 0.99)),
            Micros(latencies[^1]),
            allocated,
            unplaced,
            MeasureQuality(engine, requests));
    }

    private HostInventoryEntry[] CreateHosts(Random random)
    {
        var hosts = new HostInventoryEntry[_options.Hosts];
        for (var i = 0; i < hosts.Length; i++)
        {
            var freeGiB = s_freeMemoryGiB[random.Next(s_freeMemoryGiB.Length)];

            // Host ids feed the tie-break hash, so they come from the seeded generator to keep runs reproducible.
            var id = new byte[16];
            random.NextBytes(id);
            hosts[i] = new HostInventoryEntry
            {
                HostId = new Guid(id).ToString(),
                Name = $"host-{i:0000}",
                Labels = new Dictionary<string, string> { ["hostgroup"] = $"group-{i % _options.HostGroups}" },
                Ready = true,
                MemoryFreeBytes = freeGiB * GiB,
                MemoryTotalBytes = 2 * freeGiB * GiB,
                CpuUsagePercent = 10,
            };
        }

        return hosts;
    }

    // ReplicaSets of 3 to 5 replicas, each selecting one host group, with a mix of memory sizes.
    private PlacementRequest[] CreateRequests(Random random)
    {
        var requests = new PlacementRequest[_options.Workloads];
        var index = 0;
        for (var set = 0; index < requests.Length; set++)
        {
            var group = $"ns-{set % 20}/app-{set}-7d9f8c";
            var selector = new Dictionary<string, string> { ["hostgroup"] = $"group-{random.Next(_options.HostGroups)}" };
            var memory = s_workloadMemoryMiB[random.Next(s_workloadMemoryMiB.Length)] * MiB;
            var replicas = random.Next(3, 6);
            for (var replica = 0; replica < replicas && index < requests.Length; replica++)
            {
                requests[index++] = new PlacementRequest
                {
                    WorkloadKey = $"{group}-{replica}",
                    SpreadGroup = group,
                    HostSelector = selector,
                    MemoryBytes = memory,
                };
            }
        }

        return requests;
    }

    // Built ahead so that the measured loop allocates only what the engine allocates.
    private HostInventoryEntry[] CreateHeartbeats(Random random)
    {
        var heartbeats = new HostInventoryEntry[(_options.Workloads + 9) / 10];
        for (var i = 0; i < heartbeats.Length; i++)
        {
            // Every 1,000 placements one host goes not-ready, and comes back 1,000 placements later: each flip
            // forces the eligibility cache to be rebuilt.
            var flipsReadiness = i % 100 == 50;
            var host = flipsReadiness ? _hosts[i / 200 % _hosts.Length] : _hosts[random.Next(_hosts.Length)];
            var jitter = (random.NextDouble() - 0.5) * 0.1;
            heartbeats[i] = host with
            {
                MemoryFreeBytes = (long)(host.MemoryFreeBytes * (1 + jitter)),
                Ready = !flipsReadiness || (i / 100 % 2 == 1),
            };
        }

        return heartbeats;
    }

    private static Quality MeasureQuality(PlacementEngine engine, PlacementRequest[] requests)
    {
        var replicasOnHost = new Dictionary<(string Group, string Host), int>();
        var placedMemory = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var host = engine.HostOf(request.WorkloadKey);
            if (host is null)
            {
                continue;
            }

            var key = (request.SpreadGroup!, host);
            replicasOnHost[key] = replicasOnHost.GetValueOrDefault(key) + 1;
            placedMemory[host] = placedMemory.GetValueOrDefault(host) + request.MemoryBytes;
        }

        var snapshot = engine.Snapshot();
        var workloads = snapshot.Hosts.Select(h => (double)snapshot.PlacedPerHost.GetValueOrDefault(h.HostId)).ToArray();
        // Hosts of one hostgroup and one size should end up with about the same number of workloads: this isolates
        // the engine's fairness from the deliberate preference for hosts with more free memory.
        var squaredDeviations = 0.0;
        foreach (var equalHosts in snapshot.Hosts.GroupBy(h => (h.Labels["hostgroup"], h.MemoryTotalBytes)))
        {
            var counts = equalHosts.Select(h => (double)snapshot.PlacedPerHost.GetValueOrDefault(h.HostId)).ToArray();
            var mean = counts.Average();
            squaredDeviations += counts.Sum(c => (c - mean) * (c - mean));
        }

        var freeGiBAfter = snapshot.Hosts
            .Select(h => (h.MemoryFreeBytes - placedMemory.GetValueOrDefault(h.HostId)) / (double)GiB)
            .ToArray();
        return new Quality(
            replicasOnHost.Values.DefaultIfEmpty(0).Max(),
            workloads.Average(),
            StdDev(workloads),
            (int)workloads.Min(),
            (int)workloads.Max(),
            Math.Sqrt(squaredDeviations / workloads.Length),
            StdDev(freeGiBAfter));
    }

    private static double StdDev(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    private static long Percentile(long[] sorted, double fraction) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
