using System.Globalization;
using System.Runtime.InteropServices;
using Wasmcloud.Bench.ReconcileKubernetes;
using Wasmcloud.Bench;

// Usage: Wasmcloud.Bench.ReconcileKubernetes [--deployments 1000] [--replicas 1] [--hosts 50] [--namespaces 10]
//        [--apply-concurrency 8] [--warmup 50] [--timeout 600]
var invariant = CultureInfo.InvariantCulture;
var options = new ReconcileOptions(
    Deployments: Option("--deployments", 1_000),
    Replicas: Option("--replicas", 1),
    Hosts: Option("--hosts", 50),
    Namespaces: Option("--namespaces", 10),
    ApplyConcurrency: Option("--apply-concurrency", 8),
    TimeoutSeconds: Option("--timeout", 600));
var warmup = Option("--warmup", 50);

// Both modes once on a small load first, so neither measured run pays for JIT and first-use costs the other skips.
if (warmup > 0)
{
    var small = options with { Deployments = warmup };
    Console.Error.WriteLine($"warm-up: {warmup} deployments in each mode");
    await using (var standalone = new StandaloneApi())
    {
        await new ReconcileRun(small, Console.Error).RunAsync(standalone);
    }

    await using (var kubernetes = await FakeKubernetesApi.StartAsync())
    {
        await new ReconcileRun(small, Console.Error).RunAsync(kubernetes);
    }
}

var results = new List<ModeResult>();
await using (var standalone = new StandaloneApi())
{
    Console.Error.WriteLine("measuring standalone mode");
    results.Add(await new ReconcileRun(options, Console.Error).RunAsync(standalone));
}

await using (var kubernetes = await FakeKubernetesApi.StartAsync())
{
    Console.Error.WriteLine("measuring Kubernetes mode");
    results.Add(await new ReconcileRun(options, Console.Error).RunAsync(kubernetes));
}

Console.WriteLine(string.Create(invariant,
    $"Reconcile throughput: {options.Deployments:N0} WorkloadDeployments × {options.Replicas} replica(s) applied by {options.ApplyConcurrency} concurrent clients " +
    $"in {options.Namespaces} namespaces, onto {options.Hosts} simulated hosts; one in-process silo with production operator options; " +
    $"time from the first apply until every deployment is Ready with all replicas ready (polled every 100 ms)."));
Console.WriteLine(string.Create(invariant,
    $"Machine: {Environment.ProcessorCount} cores, {BenchMachine.CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"));
Console.WriteLine();
Console.WriteLine($"| measure | {string.Join(" | ", results.Select(r => r.Mode))} |");
Console.WriteLine($"|---|{string.Concat(results.Select(_ => "---:|"))}");
Row($"apply ({options.ApplyConcurrency} clients creating through the API)", r => Seconds(r.Apply));
Row("time until all deployments Ready", r => Seconds(r.AllReady));
Row("of which after the last create", r => r.AllReady is { } ready ? Seconds(ready - r.Apply) : "—");
Row("deployments Ready per second", r => Rate(options.Deployments, r.AllReady));
Row("objects reconciled to Ready per second (deployment + replica set + workloads)", r => Rate(options.Deployments * (2 + options.Replicas), r.AllReady));
Row("status writes by the grains (one per reconcile that changed a status)", r => Number(Sum(r.StoreCalls, "UpdateStatus ")));
Row("status writes per second", r => Rate(Sum(r.StoreCalls, "UpdateStatus "), r.AllReady));
Row("of those, status writes refused as stale (409 Conflict; each retried after the backoff)", r => Number(r.Conflicts));
Row("store calls by the grains (get / list / create / update / status / delete / event)", r => string.Join(" / ",
    new[] { "Get ", "List ", "Create ", "Update ", "UpdateStatus ", "Delete ", "RecordEvent " }.Select(op => Number(Sum(r.StoreCalls, op)))));
Row("HTTP requests the silo made to the API server", r => r.ApiRequests.Count == 0 ? "— (no HTTP)" : Number(SiloRequests(r).Sum(p => p.Value)));
Row("HTTP requests per deployment", r => r.ApiRequests.Count == 0 ? "—" : string.Create(invariant, $"{SiloRequests(r).Sum(p => p.Value) / (double)options.Deployments:N1}"));
Row("CPU time of the process until all Ready (Kubernetes mode: silo, fake API server and applying clients)", r => string.Create(invariant, $"{r.CpuSeconds:N1} s"));
Row("time until the feeder had delivered everything", r => Seconds(r.Quiet));
Console.WriteLine();
foreach (var result in results)
{
    Console.WriteLine($"{result.Mode}, status writes by kind: " + string.Join(", ", result.StoreCalls
        .Where(p => p.Key.StartsWith("UpdateStatus ", StringComparison.Ordinal)).OrderByDescending(p => p.Value)
        .Select(p => string.Create(invariant, $"{p.Key["UpdateStatus ".Length..]} {p.Value:N0}"))) + ".");
}

foreach (var result in results.Where(r => r.ApiRequests.Count > 0))
{
    Console.WriteLine($"{result.Mode}, the silo's HTTP requests by verb and resource: " + string.Join(", ",
        SiloRequests(result).OrderByDescending(p => p.Value).Select(p => string.Create(invariant, $"{p.Key} {p.Value:N0}"))) + ".");
}

return results.All(r => r.AllReady is not null) ? 0 : 1;

void Row(string measure, Func<ModeResult, string> value) =>
    Console.WriteLine($"| {measure} | {string.Join(" | ", results.Select(value))} |");

string Seconds(TimeSpan? value) => value is { } v ? string.Create(invariant, $"{v.TotalSeconds:N2} s") : "not reached";

string Rate(long count, TimeSpan? over) => over is { } v ? string.Create(invariant, $"{count / v.TotalSeconds:N0}/s") : "—";

string Number(long value) => value.ToString("N0", invariant);

static long Sum(IReadOnlyDictionary<string, long> calls, string operation) =>
    calls.Where(p => p.Key.StartsWith(operation, StringComparison.Ordinal)).Sum(p => p.Value);

// The benchmark's own applies are the only WorkloadDeployment creates; everything else is the silo's.
static IEnumerable<KeyValuePair<string, int>> SiloRequests(ModeResult result) =>
    result.ApiRequests.Where(p => p.Key != "create workloaddeployments");

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], invariant) : fallback;
}
