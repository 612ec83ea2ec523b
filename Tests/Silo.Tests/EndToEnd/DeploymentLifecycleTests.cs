using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// A deployment's whole life through real processes, seen as a user sees it: the manifest file, the silo's
/// <c>/api/objects</c>, and HTTP to the hosts by Host header.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DeploymentLifecycleTests(PlatformFixture fixture)
{
    // Heartbeats every 1 s: a dead host is noticed after two missed ones plus a probe, then its replica is
    // started elsewhere. Generous, because this asserts the behaviour; bench/Failover measures the time.
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task Deploy_serve_on_both_hosts_survive_a_killed_host_and_delete()
    {
        await fixture.EnsureLiveHostsAsync(2);
        const string name = "lifecycle";
        const string hostHeader = "lifecycle.e2e.test";

        // Deploy: two replicas, spread over the two hosts, both Ready and both answering.
        await Platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, Fixtures.ImageOf(Fixtures.Hello), hostHeader, replicas: 2), Cancellation);
        var objects = await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.Deployment(name)?.IsReady() == true && o.WorkloadsOf(name) is { Count: 2 } w && w.All(x => x.IsReady()),
            $"deployment {name} and both its Workloads to be Ready");
        var hosts = objects.WorkloadsOf(name).Select(w => Platform.LiveHosts.Single(h => h.HostId == w.HostId())).ToList();
        Assert.NotEqual(hosts[0], hosts[1]);
        foreach (var host in hosts)
        {
            Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await Platform.GetAsync(host, hostHeader, cancellationToken: Cancellation));
        }

        // kill -9 one host: its replica is placed on the survivor, which keeps answering.
        var (victim, survivor) = (hosts[0], hosts[1]);
        victim.Kill();
        await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.WorkloadsOf(name) is { Count: 2 } w && w.All(x => x.IsReady() && x.HostId() == survivor.HostId),
            $"both Workloads of {name} to be Ready on {survivor} after {victim} was killed",
            FailoverDeadline);
        Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await Platform.GetAsync(survivor, hostHeader, cancellationToken: Cancellation));
        objects = await Platform.GetObjectsAsync(Cancellation);
        Assert.NotEqual(ConditionStatus.True, objects.HostObjects().SingleOrDefault(h => h.Name == victim.FriendlyName)?.Ready);
        Assert.True(objects.Deployment(name)!.IsReady(), objects.Deployment(name)!.Describe());

        // Delete: the objects go and the host stops serving that name.
        Platform.DeleteManifest(name);
        await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.Deployment(name) is null && o.WorkloadsOf(name).Count == 0,
            $"deployment {name} and its Workloads to be gone");
        var afterDelete = await Platform.Until(
            () => Platform.GetAsync(survivor, hostHeader, cancellationToken: Cancellation),
            a => a.Status == 404,
            $"{survivor} to answer 404 for {hostHeader}");
        Assert.Equal($"no workload serves host '{hostHeader}'\n", afterDelete.Body);
    }
}
