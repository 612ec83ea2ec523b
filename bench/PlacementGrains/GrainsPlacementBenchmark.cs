using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Scheduling;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Scheduling;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Standalone;
using Wasmcloud.TestInfrastructure.ControlPlane;
using Wasmcloud.TestInfrastructure.Simulation;

namespace Wasmcloud.Bench.PlacementGrains;

internal sealed record RunResult(
    TimeSpan SiloStart,
    TimeSpan HostRegistration,
    TimeSpan Apply,
    TimeSpan? FirstPlacement,
    TimeSpan? LastPlacement,
    int Placed,
    double PeakPlacementsPerSecond,
    TimeSpan? AllWorkloadsReady,
    TimeSpan? AllReady,
    TimeSpan? QuietAt,
    int ReadyWorkloads,
    int ReadyDeployments,
    double CpuSeconds,
    long ManagedHeapBytes,
    long ManagedHeapAfterFullGcBytes,
    long WorkingSetBytes,
    long PeakWorkingSetBytes,
    long ManagedHeapBeforeApplyBytes,
    long WorkingSetBeforeApplyBytes,
    Quality Quality,
    EngineBaseline Engine,
    IReadOnlyDictionary<string, long> WritesByKind,
    long TotalWrites,
    double SteadyCpuCores,
    int SteadySeconds);

internal sealed record Quality(int MaxReplicasOfOneReplicaSetOnOneHost, double MeanWorkloadsPerHost, double StdDevWorkloadsPerHost, int MinWorkloadsPerHost, int MaxWorkloadsPerHost);

internal sealed record EngineBaseline(TimeSpan Total, int Placements);

/// <summary>
/// One run: start a silo with realistic operator options, register the hosts through heartbeats, apply the
/// deployments into the store, and time the rollout until every Workload and WorkloadDeployment is Ready.
/// </summary>
internal sealed class GrainsPlacementBenchmark(BenchmarkOptions options, TextWriter progress)
{
    public async Task<RunResult> RunAsync()
    {
        var total = Stopwatch.StartNew();
        var store = new InMemoryResourceStore(TimeProvider.System);
        var fleet = new SimulatedHostFleet();
        var operatorOptions = new OperatorOptions();
        var cluster = ControlPlaneSilo.Build(new ControlPlaneSetup(store, fleet, TimeProvider.System, operatorOptions)
        {
            // Orleans' default minimum (1 min) is above the 30 s workload interval; nothing else is shortened.
            MinimumReminderPeriod = TimeSpan.FromSeconds(1),
            ConfigureFeeder = options.DispatchConcurrency > 0 ? o => o.MaxConcurrentDispatches = options.DispatchConcurrency : null,
        });
        await cluster.DeployAsync();
        var siloStart = total.Elapsed;
        await using var _ = cluster;

        var silo = cluster.Silos[0].ServiceProvider;
        var grains = silo.GetRequiredService<IGrainFactory>();
        var dispatcher = silo.GetRequiredService<GrainDispatcher>();
        var scheduler = grains.GetGrain<ISchedulerGrain>(operatorOptions.Namespace);

        // Hosts: every host beats once to register, then keeps beating every heartbeat interval, staggered, as
        // the NATS heartbeat subscriber would deliver them.
        var hosts = Workbook.AddHosts(fleet, options);
        var registration = Stopwatch.StartNew();
        await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (host, _) => await grains.GetGrain<IHostGrain>(host.Id).Heartbeat(host.Heartbeat()));
        while ((await scheduler.GetState()).Hosts.Count(h => h.Ready) < hosts.Count)
        {
            await Task.Delay(50);
        }

        var hostRegistration = registration.Elapsed;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hosts.Count} hosts registered in {hostRegistration.TotalSeconds:N1} s"));
        using var stopping = new CancellationTokenSource();
        var beating = BeatAsync(grains, hosts, operatorOptions.HeartbeatInterval, stopping.Token);

        // Let the registration's echoes (Host status writes coming back through the feeder) settle, so the
        // measured window starts from a quiet control plane.
        await dispatcher.WhenIdleAsync();
        var heapBeforeApply = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBeforeApply = CurrentProcess().WorkingSet64;

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var origin = Stopwatch.GetTimestamp();
        var tracker = new RolloutTracker(origin, options.Workloads, options.Deployments);
        var versionAtApply = long.Parse(store.CurrentResourceVersion, CultureInfo.InvariantCulture);
        var tracking = tracker.RunAsync(store, store.CurrentResourceVersion, options.CountWrites, stopping.Token);

        // Apply: what `kubectl apply -f` of a directory of manifests does, as fast as the API accepts them.
        for (var i = 0; i < options.Deployments; i++)
        {
            if (Workbook.HasService(i, options))
            {
                await store.CreateAsync(Workbook.Service(i, options));
            }

            await store.CreateAsync(Workbook.Deployment(i, options));
        }

        var apply = Stopwatch.GetElapsedTime(origin);
        var reporting = ReportProgressAsync(tracker, dispatcher, origin, stopping.Token);

        TimeSpan? allReady = null;
        try
        {
            allReady = await tracker.AllReady.WaitAsync(TimeSpan.FromSeconds(options.TimeoutSeconds));
        }
        catch (TimeoutException)
        {
            progress.WriteLine($"timed out after {options.TimeoutSeconds} s");
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var managedHeap = GC.GetTotalMemory(forceFullCollection: false);
        var process = CurrentProcess();
        var workingSet = process.WorkingSet64;
        var peakWorkingSet = process.PeakWorkingSet64;
        var managedAfterGc = GC.GetTotalMemory(forceFullCollection: true);
        var writes = tracker.WritesByKind;
        var totalWrites = long.Parse(store.CurrentResourceVersion, CultureInfo.InvariantCulture) - versionAtApply;

        // Ready is what users see; the control plane is done once the feeder has nothing left to deliver (the
        // rollout's last status changes still travel to the owners' grains). Heartbeats keep arriving meanwhile.
        TimeSpan? quietAt = null;
        try
        {
            await dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(options.TimeoutSeconds));
            quietAt = Stopwatch.GetElapsedTime(origin);
        }
        catch (TimeoutException)
        {
        }

        // Steady state: every reminder fires within a minute (workloads every 30 s), with the hosts still beating.
        var steadyCores = 0.0;
        if (options.SteadySeconds > 0 && allReady is not null)
        {
            var steadyCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var steadyStart = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(options.SteadySeconds));
            steadyCores = (Process.GetCurrentProcess().TotalProcessorTime - steadyCpuBefore) / Stopwatch.GetElapsedTime(steadyStart);
        }

        if (options.HoldSeconds > 0)
        {
            // Time to attach dotnet-gcdump or dotnet-counters to the settled silo.
            progress.WriteLine($"holding for {options.HoldSeconds} s (pid {Environment.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
        }

        await stopping.CancelAsync();
        await Task.WhenAll(beating, tracking, reporting);

        var placementTimes = tracker.PlacementTimes();
        var counts = tracker.Counts;
        var quality = await MeasureQualityAsync(store, hosts);
        var engine = MeasureEngine((await scheduler.GetState()).Hosts, await store.ListAsync<Workload>(null));
        return new RunResult(
            siloStart,
            hostRegistration,
            apply,
            placementTimes.Count > 0 ? placementTimes[0] : null,
            placementTimes.Count > 0 ? placementTimes[^1] : null,
            placementTimes.Count,
            PeakPerSecond(placementTimes),
            tracker.AllWorkloadsReadyAt,
            allReady,
            quietAt,
            counts.ReadyWorkloads,
            counts.ReadyDeployments,
            cpu.TotalSeconds,
            managedHeap,
            managedAfterGc,
            workingSet,
            peakWorkingSet,
            heapBeforeApply,
            workingSetBeforeApply,
            quality,
            engine,
            writes,
            totalWrites,
            steadyCores,
            options.SteadySeconds);
    }

    private static Process CurrentProcess()
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        return process;
    }

    private static async Task BeatAsync(IGrainFactory grains, IReadOnlyList<SimulatedHost> hosts, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Host i beats at i/N of every interval, so the fleet's beats arrive evenly rather than in a burst.
        var references = hosts.Select(h => grains.GetGrain<IHostGrain>(h.Id)).ToArray();
        var tick = TimeSpan.FromMilliseconds(100);
        var ticksPerInterval = Math.Max(1, (int)(interval / tick));
        using var timer = new PeriodicTimer(tick);
        var round = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var slot = (int)(round++ % ticksPerInterval);
                var from = hosts.Count * slot / ticksPerInterval;
                var to = hosts.Count * (slot + 1) / ticksPerInterval;
                var beats = new List<Task>(to - from);
                for (var i = from; i < to; i++)
                {
                    beats.Add(references[i].Heartbeat(hosts[i].Heartbeat()));
                }

                await Task.WhenAll(beats);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportProgressAsync(RolloutTracker tracker, GrainDispatcher dispatcher, long origin, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wallBefore = Stopwatch.GetElapsedTime(origin);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var (placed, ready, deployments, events) = tracker.Counts;
                var wall = Stopwatch.GetElapsedTime(origin);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{wall.TotalSeconds,6:N1} s  placed {placed,6}  ready {ready,6}  deployments ready {deployments,5}  " +
                    $"workload events {events,7}  feeder backlog {dispatcher.Outstanding,6}  " +
                    $"cpu {(cpu - cpuBefore) / (wall - wallBefore):N2} cores  heap {GC.GetTotalMemory(false) / 1_048_576.0:N0} MiB"));
                cpuBefore = cpu;
                wallBefore = wall;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static double PeakPerSecond(IReadOnlyList<TimeSpan> sortedTimes)
    {
        // The most placements inside any one-second window.
        var peak = 0;
        var start = 0;
        for (var end = 0; end < sortedTimes.Count; end++)
        {
            while (sortedTimes[end] - sortedTimes[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }

    private static async Task<Quality> MeasureQualityAsync(InMemoryResourceStore store, IReadOnlyList<SimulatedHost> hosts)
    {
        var workloads = (await store.ListAsync<Workload>(null)).Where(w => !string.IsNullOrEmpty(w.Status?.HostId)).ToList();
        var maxReplicas = workloads
            .GroupBy(w => (w.Namespace, Owner: w.Metadata.ControllerOwner?.Name, w.Status!.HostId))
            .Select(g => g.Count())
            .DefaultIfEmpty(0)
            .Max();
        var perHost = hosts.ToDictionary(h => h.Id, _ => 0, StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            if (perHost.TryGetValue(workload.Status!.HostId!, out var count))
            {
                perHost[workload.Status.HostId!] = count + 1;
            }
        }

        var counts = perHost.Values.Select(c => (double)c).ToList();
        var mean = counts.Average();
        var stddev = Math.Sqrt(counts.Average(c => (c - mean) * (c - mean)));
        return new Quality(maxReplicas, mean, stddev, (int)counts.Min(), (int)counts.Max());
    }

    /// <summary>
    /// The same placements on a bare <see cref="PlacementEngine"/> with the scheduler's final inventory: the floor
    /// the grains add their overhead to, measured in the same process on the same machine, once the heartbeats have
    /// stopped and the feeder is idle (the silo's reminders still tick).
    /// </summary>
    private static EngineBaseline MeasureEngine(IReadOnlyList<HostInventoryEntry> inventory, IReadOnlyList<Workload> workloads)
    {
        var requests = workloads.Select(w => new PlacementRequest
        {
            WorkloadKey = w.Key,
            SpreadGroup = w.Metadata.ControllerOwner is { } owner ? ObjectKey.Of(w.Namespace, owner.Name) : null,
            HostSelector = w.Spec.HostSelector ?? [],
        }).ToList();
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var engine = new PlacementEngine();
            foreach (var host in inventory)
            {
                engine.UpsertHost(host with { ReportedWorkloads = 0 });
            }

            var timer = Stopwatch.StartNew();
            foreach (var request in requests)
            {
                engine.Place(request);
            }

            best = timer.Elapsed < best ? timer.Elapsed : best;
        }

        return new EngineBaseline(best, requests.Count);
    }
}
