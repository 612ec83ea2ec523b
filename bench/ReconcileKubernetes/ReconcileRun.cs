using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.TestInfrastructure.Simulation;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>What one mode measured, from the first apply.</summary>
internal sealed record ModeResult(
    string Mode,
    TimeSpan Apply,
    TimeSpan? AllReady,
    TimeSpan? Quiet,
    int ReadyDeployments,
    double CpuSeconds,
    IReadOnlyDictionary<string, long> StoreCalls,
    IReadOnlyDictionary<string, int> ApiRequests,
    long Conflicts);

/// <summary>
/// One run in one mode: register the hosts through heartbeats, let the control plane settle, then apply the
/// deployments as fast as the API accepts them and time until every one is Ready with all its replicas.
/// </summary>
internal sealed class ReconcileRun(ReconcileOptions options, TextWriter progress)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<ModeResult> RunAsync(IBenchmarkApi api)
    {
        var fleet = new SimulatedHostFleet();
        var operatorOptions = new OperatorOptions();
        await using var cluster = BenchSilo.Build(api, fleet, operatorOptions);
        await cluster.DeployAsync();
        var silo = cluster.Silos[0].ServiceProvider;
        var grains = silo.GetRequiredService<IGrainFactory>();
        var dispatcher = silo.GetRequiredService<GrainDispatcher>();
        await silo.GetRequiredService<ResourceFeeder>().WhenSyncedAsync();

        var hosts = Load.AddHosts(fleet, options);
        await fleet.BeatAsync(grains, hosts);
        var scheduler = grains.GetGrain<ISchedulerGrain>(operatorOptions.Namespace);
        while ((await scheduler.GetState()).Hosts.Count(h => h.Ready) < hosts.Count)
        {
            await Task.Delay(PollInterval);
        }

        using var stopping = new CancellationTokenSource();
        var beating = BeatAsync(fleet, grains, operatorOptions.HeartbeatInterval, stopping.Token);
        await dispatcher.WhenIdleAsync();

        var requestsBefore = api.Requests();
        var callsBefore = api.GrainStore.Calls;
        var conflictsBefore = api.GrainStore.Conflicts;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var origin = Stopwatch.GetTimestamp();

        // Apply: several clients creating at once (CI pipelines, Argo CD), so the reconcile rate and not one client's
        // round trips bounds the run; reconciling starts with the first create.
        await Parallel.ForAsync(0, options.Deployments, new ParallelOptions { MaxDegreeOfParallelism = options.ApplyConcurrency },
            async (i, cancellationToken) => await api.Client.CreateAsync(Load.Deployment(i, options), cancellationToken));
        var apply = Stopwatch.GetElapsedTime(origin);
        TimeSpan? allReady = null;
        var ready = 0;
        var lastReport = TimeSpan.Zero;
        while (Stopwatch.GetElapsedTime(origin) < TimeSpan.FromSeconds(options.TimeoutSeconds))
        {
            ready = await api.CountReadyDeploymentsAsync(options.Replicas);
            if (ready == options.Deployments)
            {
                allReady = Stopwatch.GetElapsedTime(origin);
                break;
            }

            if (Stopwatch.GetElapsedTime(origin) - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = Stopwatch.GetElapsedTime(origin);
                progress.WriteLine($"  {api.Mode}: {lastReport.TotalSeconds:N0} s, {ready} ready, feeder backlog {dispatcher.Outstanding}");
            }

            await Task.Delay(PollInterval);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var calls = Delta(callsBefore, api.GrainStore.Calls);
        var conflicts = api.GrainStore.Conflicts - conflictsBefore;
        var requests = Delta(requestsBefore, api.Requests());
        TimeSpan? quiet = null;
        try
        {
            await dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(options.TimeoutSeconds));
            quiet = Stopwatch.GetElapsedTime(origin);
        }
        catch (TimeoutException)
        {
        }

        await stopping.CancelAsync();
        await beating;
        return new ModeResult(api.Mode, apply, allReady, quiet, ready, cpu.TotalSeconds, calls, requests, conflicts);
    }

    private static async Task BeatAsync(SimulatedHostFleet fleet, IGrainFactory grains, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Every host beats once per interval, as the NATS heartbeat subscriber would deliver them.
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await fleet.BeatAsync(grains);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static Dictionary<string, T> Delta<T>(IReadOnlyDictionary<string, T> before, IReadOnlyDictionary<string, T> after)
        where T : System.Numerics.INumber<T> =>
        after.Select(p => (p.Key, Value: p.Value - before.GetValueOrDefault(p.Key, T.Zero)))
            .Where(p => p.Value != T.Zero)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
