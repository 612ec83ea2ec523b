using System.Runtime.InteropServices;
using Wasmcloud.Bench.Failover;
using Wasmcloud.Grains.Options;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;
using Wasmcloud.Bench;

// Usage: Wasmcloud.Bench.Failover [--runs 5] [--profiles fast,production]
//   fast:       1 s heartbeats, 200 ms health checks (what the end-to-end tests use)
//   production: nothing overridden (15 s heartbeats, 5 s health checks, 60 s host TTL)
var runs = int.Parse(Option("--runs", "5"), System.Globalization.CultureInfo.InvariantCulture);
var profiles = Option("--profiles", "fast,production").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Build the fixtures before any clock starts.
_ = Fixtures.PathOf(Fixtures.Hello);

var results = new List<ProfileResult>();
foreach (var profile in profiles)
{
    var options = profile switch
    {
        "fast" => PlatformOptions.Fast,
        "production" => PlatformOptions.ProductionDefaults,
        _ => throw new ArgumentException($"unknown profile '{profile}': use fast or production"),
    };
    Console.Error.WriteLine($"{profile}: starting NATS, a standalone silo and 2 hosts ({PlatformBinaries.Configuration} build)…");
    results.Add(await new PlatformBenchmark(profile, options, runs, Console.Error).RunAsync(cancel.Token));
}

Console.WriteLine($"Deploy latency and failover, whole platform (nats-server, standalone silo, 2 hosts as processes; {PlatformBinaries.Configuration} build); {runs} runs each.");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {BenchMachine.CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine();
Console.WriteLine("| profile | heartbeat | health check | first deploy (cold) | deploy latency: median (min–max) | killed host marked not ready: median (min–max) | failover: median (min–max) | failover, every run |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var result in results)
{
    var heartbeat = result.Options.HeartbeatInterval ?? OperatorDefaults.HeartbeatInterval;
    var healthCheck = result.Options.HealthCheckPeriod ?? OperatorDefaults.HealthCheckPeriod;
    Console.WriteLine(
        $"| {result.Profile} | {Sample.Format(heartbeat)} | {Sample.Format(healthCheck)} | {Sample.Format(result.ColdDeploy)} " +
        $"| {result.Deploy.Summary} | {result.Detection.Summary} | {result.Failover.Summary} | {result.Failover.All} |");
}

return 0;

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
