using System.Globalization;
using System.Runtime.InteropServices;
using Wasmcloud.Bench.PlacementGrains;
using Wasmcloud.Bench;

// Usage: Wasmcloud.Bench.PlacementGrains [--workloads 10000] [--hosts 1000] [--replicas 5] [--groups 4]
//        [--namespaces 10] [--big-namespace-percent 50] [--service-every 10] [--memory-per-workload-mib 32]
//        [--timeout 600] [--steady 0] [--count-writes] [--dispatch-concurrency (feeder default)] [--hold 0] [--seed 42]
var invariant = CultureInfo.InvariantCulture;
var replicas = Option("--replicas", 5);
var options = new BenchmarkOptions(
    Hosts: Option("--hosts", 1_000),
    Deployments: Math.Max(1, Option("--workloads", 10_000) / replicas),
    Replicas: replicas,
    HostGroups: Option("--groups", 4),
    Namespaces: Option("--namespaces", 10),
    BigNamespacePercent: Option("--big-namespace-percent", 50),
    ServiceEvery: Option("--service-every", 10),
    TimeoutSeconds: Option("--timeout", 600),
    MemoryPerWorkloadMiB: Option("--memory-per-workload-mib", 32),
    HoldSeconds: Option("--hold", 0),
    SteadySeconds: Option("--steady", 0),
    CountWrites: args.Contains("--count-writes"),
    DispatchConcurrency: Option("--dispatch-concurrency", 0),
    Seed: Option("--seed", 42));

var result = await new GrainsPlacementBenchmark(options, Console.Error).RunAsync();

var namespaces = Workbook.Namespaces(options).Count();
Console.WriteLine(string.Create(invariant,
    $"Placement through the grains: {options.Deployments:N0} WorkloadDeployments × {options.Replicas} replicas = " +
    $"{options.Workloads:N0} Workloads onto {options.Hosts:N0} simulated hosts ({options.HostGroups} hostgroups, " +
    $"4–64 GiB free, {options.MemoryPerWorkloadMiB} MiB less per running workload in heartbeats); {namespaces} namespaces ({options.BigNamespacePercent} % of the deployments in \"{BenchmarkOptions.BigNamespace}\"); " +
    $"{(options.ServiceEvery > 0 ? $"a Service for every {options.ServiceEvery}th deployment" : "no Services")}."));
Console.WriteLine(string.Create(invariant,
    $"Machine: {Environment.ProcessorCount} cores, {BenchMachine.CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
    $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC"));
Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---:|");
Row("silo start", Seconds(result.SiloStart));
Row($"{options.Hosts:N0} hosts registered through heartbeats", Seconds(result.HostRegistration));
Row($"apply {options.Deployments:N0} deployments into the store", Seconds(result.Apply));
Row("time to first placement (from the first apply)", Seconds(result.FirstPlacement));
Row("time to last placement", Seconds(result.LastPlacement));
Row("workloads placed per second, over the run (placed ÷ time to last placement)",
    result.LastPlacement is { } last ? string.Create(invariant, $"{result.Placed / last.TotalSeconds:N0}") : "—");
Row("workloads placed per second, peak (most in any 1 s window)", string.Create(invariant, $"{result.PeakPlacementsPerSecond:N0}"));
Row($"time until all {options.Workloads:N0} Workloads Ready", Seconds(result.AllWorkloadsReady));
Row($"time until all Workloads and all {options.Deployments:N0} deployments Ready", Seconds(result.AllReady));
Row("time until the feeder had delivered everything (control plane quiet)", Seconds(result.QuietAt));
Row("Ready at the end (workloads / deployments)", string.Create(invariant, $"{result.ReadyWorkloads:N0} / {result.ReadyDeployments:N0}"));
Row("CPU time used by the process until all Ready (s) / average cores busy", string.Create(invariant,
    $"{result.CpuSeconds:N1} / {result.CpuSeconds / (result.AllReady ?? result.LastPlacement ?? TimeSpan.FromSeconds(1)).TotalSeconds:N2}"));
Row("managed heap at the end (GC.GetTotalMemory) / after a full GC", string.Create(invariant, $"{MiB(result.ManagedHeapBytes)} / {MiB(result.ManagedHeapAfterFullGcBytes)}"));
Row("working set at the end / peak (Process.WorkingSet64)", string.Create(invariant, $"{MiB(result.WorkingSetBytes)} / {MiB(result.PeakWorkingSetBytes)}"));
Row("before the apply: managed heap / working set", string.Create(invariant, $"{MiB(result.ManagedHeapBeforeApplyBytes)} / {MiB(result.WorkingSetBeforeApplyBytes)}"));
Row("API writes until all Ready (resourceVersions issued), by kind" + (options.CountWrites ? "" : " watched"), string.Create(invariant, $"{result.TotalWrites:N0}: ")
    + string.Join(", ", result.WritesByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => string.Create(invariant, $"{k.Key} {k.Value:N0}"))));
if (result.SteadySeconds > 0)
{
    Row($"steady state after all Ready: CPU over the next {result.SteadySeconds} s (cores, average)", string.Create(invariant, $"{result.SteadyCpuCores:N2}"));
}

Row("max replicas of one ReplicaSet on one host", result.Quality.MaxReplicasOfOneReplicaSetOnOneHost.ToString(invariant));
Row("workloads per host: mean ± stddev (min–max)", string.Create(invariant,
    $"{result.Quality.MeanWorkloadsPerHost:N1} ± {result.Quality.StdDevWorkloadsPerHost:N1} ({result.Quality.MinWorkloadsPerHost}–{result.Quality.MaxWorkloadsPerHost})"));
Row($"baseline: the same {result.Engine.Placements:N0} placements on a bare PlacementEngine, same process (best of 5)",
    string.Create(invariant, $"{result.Engine.Total.TotalMilliseconds:N1} ms ({result.Engine.Placements / result.Engine.Total.TotalSeconds:N0}/s)"));

return result.AllReady is null ? 1 : 0;

void Row(string measure, string value) => Console.WriteLine($"| {measure} | {value} |");

string Seconds(TimeSpan? value) => value is { } v ? string.Create(invariant, $"{v.TotalSeconds:N2} s") : "not reached";

string MiB(long bytes) => string.Create(invariant, $"{bytes / 1_048_576.0:N0} MiB");

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], invariant) : fallback;
}
