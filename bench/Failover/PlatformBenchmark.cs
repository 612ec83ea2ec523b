using System.Diagnostics;
using Wasmcloud.Grains.Options;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Bench.Failover;

/// <summary>
/// Deploy latency and failover time of one platform configuration, measured from outside as a user would: from the
/// manifest file being written (or the host being killed) to the first 200 from a host for that Host name.
/// </summary>
public sealed class PlatformBenchmark(string profile, PlatformOptions options, int runs, TextWriter progress)
{
    private static readonly TimeSpan HttpPollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ObjectPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public async Task<ProfileResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var platform = await Platform.StartAsync(options, cancellationToken);
        var image = Fixtures.ImageOf(Fixtures.Hello);

        // The first deployment meets a fresh silo and hosts: grain activations, JIT, and the hosts' first compile of
        // the component. Reported on its own; the median is over the deployments after it.
        var cold = await MeasureDeployAsync(platform, "deploy-cold", image, cancellationToken);
        var deploy = new Sample("deploy");
        for (var run = 1; run <= runs; run++)
        {
            deploy.Add(await MeasureDeployAsync(platform, $"deploy-{run}", image, cancellationToken));
        }

        var (failover, detection) = await MeasureFailoverAsync(platform, image, cancellationToken);
        return new ProfileResult(profile, options, cold, deploy, detection, failover);
    }

    private async Task<TimeSpan> MeasureDeployAsync(Platform platform, string name, string image, CancellationToken cancellationToken)
    {
        var hostHeader = $"{name}.bench";
        var clock = Stopwatch.StartNew();
        await platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, image, hostHeader), cancellationToken);
        var elapsed = await FirstOkAsync(platform, platform.LiveHosts.ToList(), hostHeader, clock, cancellationToken);
        progress.WriteLine($"{profile}: {name}: first 200 after {Sample.Format(elapsed)}");

        // Not timed: leave the platform as it was, so every deployment meets the same state.
        platform.DeleteManifest(name);
        await platform.Until(
            async () => (await platform.GetObjectsAsync(cancellationToken)).WorkloadsOf(name).Count,
            count => count == 0,
            $"the Workloads of {name} to be gone",
            Deadline);
        return elapsed;
    }

    private async Task<(Sample Failover, Sample Detection)> MeasureFailoverAsync(Platform platform, string image, CancellationToken cancellationToken)
    {
        const string name = "failover";
        const string hostHeader = "failover.bench";
        var failover = new Sample("failover");
        var detection = new Sample("detection");
        var heartbeat = options.HeartbeatInterval ?? OperatorDefaults.HeartbeatInterval;

        // One replica, moved by every kill to the other host; a fresh host joins before each kill so there is
        // always somewhere to go.
        await platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, image, hostHeader), cancellationToken);
        for (var run = 1; run <= runs; run++)
        {
            while (platform.LiveHosts.Count() < 2)
            {
                await platform.AddHostAsync(cancellationToken);
            }

            var workload = await platform.Until(
                async () => (await platform.GetObjectsAsync(cancellationToken)).WorkloadsOf(name),
                w => w is [{ } only] && only.IsReady() && platform.LiveHosts.Any(h => h.HostId == only.HostId()),
                $"{name} to be Ready on a live host",
                Deadline);
            var serving = platform.LiveHosts.Single(h => h.HostId == workload[0].HostId());
            var others = platform.LiveHosts.Where(h => h != serving).ToList();
            await platform.Until(() => platform.GetAsync(serving, hostHeader, cancellationToken: cancellationToken), a => a.IsOk, $"{serving} to serve {hostHeader}", Deadline);

            // Failover time depends on how long before the kill the host last beat; the benchmark's own rhythm
            // would otherwise kill at the same point of every host's heartbeat cycle. A uniform random wait makes
            // the kill land anywhere in the cycle, as a real crash does.
            await Task.Delay(Random.Shared.NextDouble() * heartbeat, cancellationToken);
            var clock = Stopwatch.StartNew();
            serving.Kill();
            var detected = HostNotReadyAsync(platform, serving, clock, cancellationToken);
            var answered = FirstOkAsync(platform, others, hostHeader, clock, cancellationToken);
            failover.Add(await answered);
            detection.Add(await detected);
            progress.WriteLine($"{profile}: failover {run}: {serving} killed; marked not ready after {Sample.Format(detection.Values[^1])}, " +
                               $"first 200 from another host after {Sample.Format(failover.Values[^1])}");
        }

        platform.DeleteManifest(name);
        return (failover, detection);
    }

    /// <summary>Polls every host for the Host name until one answers 200 with the component's text.</summary>
    private static async Task<TimeSpan> FirstOkAsync(Platform platform, IReadOnlyList<PlatformHost> hosts, string hostHeader, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (clock.Elapsed < Deadline)
        {
            var answers = await Task.WhenAll(hosts.Select(h => platform.GetAsync(h, hostHeader, cancellationToken: cancellationToken)));
            if (answers.Any(a => a == new HttpAnswer(200, Fixtures.HelloText)))
            {
                return clock.Elapsed;
            }

            await Task.Delay(HttpPollInterval, cancellationToken);
        }

        throw new TimeoutException($"no host answered 200 for {hostHeader} within {Deadline}\n{await platform.DescribeAsync()}");
    }

    /// <summary>How long until the silo stops showing the killed host as Ready.</summary>
    private static async Task<TimeSpan> HostNotReadyAsync(Platform platform, PlatformHost host, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (clock.Elapsed < Deadline)
        {
            var objects = await platform.GetObjectsAsync(cancellationToken);
            if (objects.HostObjects().SingleOrDefault(h => h.Name == host.FriendlyName) is not { } hostObject || !hostObject.IsReady())
            {
                return clock.Elapsed;
            }

            await Task.Delay(ObjectPollInterval, cancellationToken);
        }

        throw new TimeoutException($"{host} still Ready {Deadline} after it was killed");
    }
}
