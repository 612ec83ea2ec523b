using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.TestInfrastructure.Oci;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// The reference's hosts pull synchronously on their one command loop, so a slow registry stops their heartbeats
/// and every other start (reference §8.3). Here a stalled pull must hold up only its own workload.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SlowRegistryTests(PlatformFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task A_stalled_pull_delays_neither_the_hosts_heartbeats_nor_another_workloads_start()
    {
        await fixture.EnsureLiveHostsAsync(2);
        using var registry = new StalledRegistry();
        const string stalled = "stalled-pull";
        const string beside = "beside-stall";
        var image = $"{registry.Host}/e2e/slow:v1";
        var timedOut = $"failed to pull image '{image}': timed out after {PlatformFixture.RegistryPullTimeout.TotalSeconds}s (--registry-pull-timeout) pulling from {registry.Host}";

        await Platform.WriteManifestAsync(stalled, PlatformManifests.HttpDeployment(stalled, image, "stalled.e2e.test"), Cancellation);
        await Platform.Until(() => Task.FromResult(registry.Connections), n => n >= 1, "a host to start pulling from the stalled registry");
        var pullStarted = DateTimeOffset.UtcNow;
        // The Workload's status is written when the start returns, so the host's own log says which one is pulling.
        var host = await Platform.Until(
            () => Task.FromResult(Platform.LiveHosts.FirstOrDefault(h => h.Process.Lines().Any(line => line.Contains($"(default/{stalled}-", StringComparison.Ordinal)))),
            h => h is not null,
            $"a host to log the start of {stalled}");
        var pulling = host!.HostId;

        // Another deployment, spread over both hosts, starts and serves on the pulling host meanwhile.
        await Platform.WriteManifestAsync(beside, PlatformManifests.HttpDeployment(beside, Fixtures.ImageOf(Fixtures.Hello), "beside.e2e.test", replicas: 2), Cancellation);
        await Platform.Until(
            async () => (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(beside),
            w => w.Count == 2 && w.All(x => x.IsReady()) && w.Any(x => x.HostId() == pulling),
            $"{beside} to be Ready, one replica on the pulling {host}");
        Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await Platform.GetAsync(host, "beside.e2e.test", cancellationToken: Cancellation));

        // And the pulling host keeps reporting: Ready, seen again well after the pull began.
        var heartbeat = PlatformOptions.Fast.HeartbeatInterval!.Value;
        var hostObject = await Platform.Until(
            async () => (await Platform.GetObjectsAsync(Cancellation)).HostObjects().Single(h => h.Name == host.FriendlyName),
            h => h.IsReady() && h.Status?["lastSeen"]?.GetValue<DateTimeOffset>() > pullStarted + (2 * heartbeat),
            $"{host} to be seen twice while its pull is stalled");

        // All of that happened while the pull was still hanging.
        var stillStalled = (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(stalled).Single();
        Assert.True(
            stillStalled.Condition(ConditionTypes.Placement)?.Message?.Contains(timedOut, StringComparison.Ordinal) != true,
            $"the stalled pull ended before the checks were done, so they prove nothing:\n{stillStalled.Describe()}\n{hostObject.Describe()}");

        // The stall ends in a clear error in the Workload's status.
        await Platform.Until(
            async () => (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(stalled),
            w => w is [{ } only] && only.Condition(ConditionTypes.Placement)?.Message?.Contains(timedOut, StringComparison.Ordinal) == true,
            $"the Placement condition of {stalled} to say the pull timed out");

        Platform.DeleteManifest(stalled);
        Platform.DeleteManifest(beside);
        await Platform.Until(
            async () => (await Platform.GetObjectsAsync(Cancellation)).Where(o => o.Name.StartsWith(stalled, StringComparison.Ordinal) || o.Name.StartsWith(beside, StringComparison.Ordinal)).Count(),
            n => n == 0,
            $"{stalled} and {beside} to be gone");
    }
}
