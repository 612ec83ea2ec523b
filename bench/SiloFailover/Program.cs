using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;
using Wasmcloud.Bench;

// Usage: Wasmcloud.Bench.SiloFailover [--runs 3] [--profiles fast,defaults] [--window 60]
//   fast:     Lease 4 s, Orleans probes 1 s × 3 misses (what the tests use)
//   defaults: nothing overridden (Lease 15 s; Orleans' own probe timeout and miss limit)
// Per run: deploy with three silos up (the baseline), kill -9 the silo holding the Lease, deploy again at once, and
// time until the dead silo is Dead in the MembershipTable, a survivor holds the Lease, and the new deployment is Ready;
// then start a replacement silo and time until it is Active.
var runs = int.Parse(Option("--runs", "3"), CultureInfo.InvariantCulture);
var window = TimeSpan.FromSeconds(int.Parse(Option("--window", "60"), CultureInfo.InvariantCulture));
var profiles = Option("--profiles", "fast,defaults").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var deadline = TimeSpan.FromMinutes(3);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Build the fixtures before any clock starts.
_ = Fixtures.PathOf(Fixtures.Hello);

var rows = new List<string>();
var loads = new List<string>();
foreach (var profile in profiles)
{
    var siloArguments = profile switch
    {
        "fast" => KubernetesPlatform.FastSiloArguments,
        "defaults" => [],
        _ => throw new ArgumentException($"unknown profile '{profile}': use fast or defaults"),
    };
    Console.Error.WriteLine($"{profile}: starting the fake API server, NATS, 3 silos and 2 hosts ({PlatformBinaries.Configuration} build)…");
    await using var platform = await KubernetesPlatform.StartAsync(silos: 3, hosts: 2, siloArguments, cancel.Token);
    await platform.Until(() => platform.Members().Count(m => m.Status == "Active") == 3, "three Active silos", deadline);

    // Steady state: what the membership table costs the API server with three silos and nothing happening.
    var before = TableRequests(platform);
    await Task.Delay(window, cancel.Token);
    var after = TableRequests(platform);
    double PerMinute(string verb) => (after.GetValueOrDefault(verb) - before.GetValueOrDefault(verb)) * 60 / window.TotalSeconds;
    loads.Add(string.Create(CultureInfo.InvariantCulture, $"| {profile} | 3 | {window.TotalSeconds:N0} s | {PerMinute("get"):N1} | {PerMinute("update"):N1} | {PerMinute("update") / 3:N1} |"));

    var baseline = new List<TimeSpan>();
    var dead = new List<TimeSpan>();
    var lease = new List<TimeSpan>();
    var reconciled = new List<TimeSpan>();
    var joined = new List<TimeSpan>();
    for (var run = 1; run <= runs; run++)
    {
        var clock = Stopwatch.StartNew();
        await platform.ApplyAsync(PlatformManifests.HttpDeployment($"base-{run}", Fixtures.ImageOf(Fixtures.Hello), $"base-{run}.bench.test"), cancel.Token);
        await platform.Until(() => Ready(platform, $"base-{run}"), $"base-{run} to be Ready", deadline);
        baseline.Add(clock.Elapsed);

        await platform.Until(() => platform.Leader() is not null, "a Lease holder", deadline);
        var victim = platform.Silos.Single(s => s.PodName == platform.Leader());
        victim.Kill();
        clock.Restart();
        await platform.ApplyAsync(PlatformManifests.HttpDeployment($"after-{run}", Fixtures.ImageOf(Fixtures.Hello), $"after-{run}.bench.test"), cancel.Token);
        TimeSpan? deadAt = null, leaseAt = null, readyAt = null;
        await platform.Until(
            () =>
            {
                deadAt ??= platform.Members().Contains((victim.PodName, "Dead")) ? clock.Elapsed : null;
                leaseAt ??= platform.Leader() is { } leader && leader != victim.PodName ? clock.Elapsed : null;
                readyAt ??= Ready(platform, $"after-{run}") ? clock.Elapsed : null;
                return deadAt is not null && leaseAt is not null && readyAt is not null;
            },
            $"run {run}: {victim.PodName} Dead, the Lease moved and after-{run} Ready",
            deadline);
        dead.Add(deadAt!.Value);
        lease.Add(leaseAt!.Value);
        reconciled.Add(readyAt!.Value);
        Console.Error.WriteLine($"{profile} run {run}: baseline {Format(baseline[^1])}, dead {Format(deadAt.Value)}, lease {Format(leaseAt.Value)}, reconciled {Format(readyAt.Value)}");

        clock.Restart();
        var replacement = await platform.StartSiloAsync(cancel.Token);
        await platform.Until(() => platform.Members().Contains((replacement.PodName, "Active")), $"{replacement.PodName} to be Active", deadline);
        joined.Add(clock.Elapsed);
    }

    rows.Add($"| {profile} | {Summary(baseline)} | {Summary(dead)} | {Summary(lease)} | {Summary(reconciled)} | {string.Join(", ", reconciled.Select(Format))} | {Summary(joined)} |");
}

Console.WriteLine($"Losing a silo: 3 silo processes (Kubernetes mode, membership in the fake API server's MembershipTable), 2 hosts, nats-server; {PlatformBinaries.Configuration} build; {runs} runs each.");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {BenchMachine.CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine();
Console.WriteLine("| profile | baseline: deploy → Ready, 3 silos up | kill -9 leader → Dead in table | → survivor holds Lease | → deployment applied after the kill Ready | that, every run | replacement start → Active |");
Console.WriteLine("|---|---:|---:|---:|---:|---|---:|");
rows.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("| profile | silos | window | table GETs / min | table PUTs / min | PUTs / min / silo |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
loads.ForEach(Console.WriteLine);
return 0;

static bool Ready(KubernetesPlatform platform, string deployment) =>
    platform.WorkloadsOf(deployment) is { Count: > 0 } workloads && workloads.All(KubernetesPlatform.IsReady);

static Dictionary<string, int> TableRequests(KubernetesPlatform platform) =>
    platform.Server.Requests.Where(r => r.Plural == KubernetesMembershipTable.Plural).GroupBy(r => r.Verb).ToDictionary(g => g.Key, g => g.Count());

static string Summary(List<TimeSpan> values)
{
    var sorted = values.Order().ToList();
    var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    return $"{Format(median)} ({Format(sorted[0])}–{Format(sorted[^1])})";
}

static string Format(TimeSpan value) => value < TimeSpan.FromSeconds(1)
    ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:N0} ms")
    : string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:N2} s");

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
