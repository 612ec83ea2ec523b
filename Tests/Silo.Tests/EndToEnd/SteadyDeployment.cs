using Wasmcloud.Silo.Hosting;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// A healthy two-replica deployment that bad input elsewhere must not disturb: the tests deploy it first and
/// check it answers on every host it runs on while they wait for the bad deployment's error.
/// </summary>
public sealed class SteadyDeployment(Platform platform)
{
    public const string Name = "steady";
    public const string HostHeader = "steady.e2e.test";

    /// <summary>Deploys it (again: an unchanged manifest is a no-op) and waits until both replicas are Ready on live hosts and answer.</summary>
    public async Task<IReadOnlyList<PlatformHost>> EnsureServingAsync(CancellationToken cancellationToken)
    {
        await platform.WriteManifestAsync(Name, PlatformManifests.HttpDeployment(Name, Fixtures.ImageOf(Fixtures.Hello), HostHeader, replicas: 2), cancellationToken);
        var objects = await platform.Until(
            () => platform.GetObjectsAsync(cancellationToken),
            o => o.WorkloadsOf(Name) is { Count: 2 } workloads
                 && workloads.All(w => w.IsReady() && platform.LiveHosts.Any(h => h.HostId == w.HostId())),
            $"deployment {Name} to be Ready on live hosts");
        var hosts = ServingHosts(objects);
        foreach (var host in hosts)
        {
            await platform.Until(() => platform.GetAsync(host, HostHeader, cancellationToken: cancellationToken), a => a.IsOk, $"{host} to serve {HostHeader}");
        }

        return hosts;
    }

    /// <summary>Fails the test at once if any host running a replica does not answer 200.</summary>
    public async Task AssertServingAsync(IEnumerable<PlatformHost> hosts, string during, CancellationToken cancellationToken)
    {
        foreach (var host in hosts)
        {
            var answer = await platform.GetAsync(host, HostHeader, cancellationToken: cancellationToken);
            Assert.True(answer == new HttpAnswer(200, Fixtures.HelloText), $"{host} answered {answer} for {HostHeader} {during}");
        }
    }

    private IReadOnlyList<PlatformHost> ServingHosts(IReadOnlyList<ObjectSummary> objects) =>
        [.. objects.WorkloadsOf(Name).Select(w => platform.LiveHosts.Single(h => h.HostId == w.HostId())).Distinct()];
}
