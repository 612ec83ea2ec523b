using System.Globalization;
using System.Runtime.InteropServices;
using Wasmcloud.Bench.Placement;
using Wasmcloud.Bench;

// Usage: Wasmcloud.Bench.Placement [--hosts 1000] [--workloads 10000] [--groups 4] [--runs 5] [--seed 42]
var invariant = CultureInfo.InvariantCulture;
var options = new BenchmarkOptions(
    Hosts: Option("--hosts", 1_000),
    Workloads: Option("--workloads", 10_000),
    HostGroups: Option("--groups", 4),
    Runs: Option("--runs", 5),
    Seed: Option("--seed", 42));

var benchmark = new PlacementBenchmark(options);

// The first run in a fresh process is what a scheduler grain sees right after a silo starts: unoptimised code.
var cold = benchmark.Run(Scenario.HostgroupSelector);

// Tiered JIT promotes hot methods in the background after a delay; run everything a few times and give it that
// time, or the first scenario would be measured half-optimised.
for (var round = 0; round < 3; round++)
{
    foreach (var scenario in Enum.GetValues<Scenario>())
    {
        benchmark.Run(scenario);
    }

    Thread.Sleep(300);
}

Console.WriteLine(string.Create(invariant,
    $"Placement engine (in-process): {options.Workloads:N0} workloads onto {options.Hosts:N0} hosts " +
    $"({options.HostGroups} hostgroups, free memory 4–64 GiB, ReplicaSets of 3–5, 64–512 MiB each); " +
    $"median of {options.Runs} runs after warm-up."));
Console.WriteLine(string.Create(invariant,
    $"Machine: {Environment.ProcessorCount} cores, {BenchMachine.CpuModel()}, {RuntimeInformation.OSDescription}, " +
    $"{RuntimeInformation.FrameworkDescription}"));
Console.WriteLine();
Console.WriteLine("| scenario | placements/s | total ms (min–max) | p50 µs | p99 µs | max µs | allocated | " +
                  "max replicas of a group on one host | workloads per host: mean ± stddev (min–max) | " +
                  "stddev among equal hosts | stddev of free GiB after |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

PrintRow("HostgroupSelector, cold JIT (first run in the process)", cold, [cold]);
foreach (var scenario in Enum.GetValues<Scenario>())
{
    var runs = Enumerable.Range(0, options.Runs).Select(_ => benchmark.Run(scenario)).OrderBy(r => r.Total).ToList();
    PrintRow(scenario.ToString(), runs[runs.Count / 2], runs);
}

void PrintRow(string name, RunResult median, List<RunResult> runs)
{
    var quality = median.Quality;
    var unplaced = median.Unplaced == 0 ? "" : $" ({median.Unplaced} unplaced)";
    Console.WriteLine(string.Create(invariant,
        $"| {name}{unplaced} " +
        $"| {options.Workloads / median.Total.TotalSeconds:N0} " +
        $"| {median.Total.TotalMilliseconds:N1} ({runs[0].Total.TotalMilliseconds:N1}–{runs[^1].Total.TotalMilliseconds:N1}) " +
        $"| {median.P50Micros:N1} | {median.P99Micros:N1} | {median.MaxMicros:N0} " +
        $"| {median.AllocatedBytes / 1_048_576.0:N1} MiB ({median.AllocatedBytes / options.Workloads:N0} B/placement) " +
        $"| {quality.MaxReplicasOfOneGroupOnOneHost} " +
        $"| {quality.MeanWorkloadsPerHost:N1} ± {quality.StdDevWorkloadsPerHost:N1} " +
        $"({quality.MinWorkloadsPerHost}–{quality.MaxWorkloadsPerHost}) " +
        $"| {quality.StdDevWorkloadsAmongEqualHosts:N2} " +
        $"| {quality.StdDevFreeGiBAfter:N2} |"));
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], invariant) : fallback;
}
