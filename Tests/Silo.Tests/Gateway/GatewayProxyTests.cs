using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.Gateway;

/// <summary>
/// The deprecated gateway (the silo image with <c>--gateway</c>) in front of real hosts: requests reach the component
/// by Host header, follow it when its host dies, and names nobody serves get 404, names with no ready replica 503.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayProxyTests(GatewayPlatformFixture fixture)
{
    // A dead host is noticed after two missed 1 s heartbeats and a probe; then the replica starts elsewhere and the
    // new table is published. Generous: this asserts the behaviour, not its speed.
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(45);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task Requests_reach_the_component_and_follow_it_to_another_host_when_its_host_dies()
    {
        await fixture.EnsureLiveHostsAsync(2);
        const string name = "gateway-moving";
        const string hostHeader = "moving.gateway.test";
        await Platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, Fixtures.ImageOf(Fixtures.Hello), hostHeader), Cancellation);
        var objects = await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.WorkloadsOf(name) is [var w] && w.IsReady() && Platform.LiveHosts.Any(h => h.HostId == w.HostId()),
            $"the Workload of {name} to be Ready");
        var first = Platform.LiveHosts.Single(h => h.HostId == objects.WorkloadsOf(name)[0].HostId());

        var answer = await Platform.Until(
            () => Platform.GetThroughGatewayAsync(hostHeader, cancellationToken: Cancellation),
            a => a.IsOk,
            $"the gateway to serve {hostHeader}");
        Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), answer);

        // Port and case do not matter, as on the hosts.
        Assert.Equal(new HttpAnswer(200, Fixtures.HelloText), await Platform.GetThroughGatewayAsync("Moving.Gateway.TEST:8080", cancellationToken: Cancellation));

        // kill -9 the host: the replica starts on the other one and the gateway follows without being told.
        first.Kill();
        await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.WorkloadsOf(name) is [var w] && w.IsReady() && w.HostId() != first.HostId && Platform.LiveHosts.Any(h => h.HostId == w.HostId()),
            $"the Workload of {name} to be Ready on another host after {first} was killed",
            FailoverDeadline);
        answer = await Platform.Until(
            () => Platform.GetThroughGatewayAsync(hostHeader, cancellationToken: Cancellation),
            a => a.IsOk,
            $"the gateway to serve {hostHeader} from the surviving host",
            FailoverDeadline);
        Assert.Equal(Fixtures.HelloText, answer.Body);

        // Deleted: the name is forgotten.
        Platform.DeleteManifest(name);
        answer = await Platform.Until(
            () => Platform.GetThroughGatewayAsync(hostHeader, cancellationToken: Cancellation),
            a => a.Status == 404,
            $"the gateway to forget {hostHeader}");
        Assert.Equal($"no workload serves host '{hostHeader}'\n", answer.Body);
    }

    [Fact]
    public async Task A_name_no_workload_claims_gets_404_and_the_gateway_health_endpoints_answer_for_other_names()
    {
        var answer = await Platform.GetThroughGatewayAsync("nobody.gateway.test", cancellationToken: Cancellation);
        Assert.Equal(new HttpAnswer(404, "no workload serves host 'nobody.gateway.test'\n"), answer);

        Assert.Equal(new HttpAnswer(200, "ok\n"), await Platform.GetThroughGatewayAsync("127.0.0.1", "/healthz", Cancellation));
        Assert.Equal(new HttpAnswer(200, "ready\n"), await Platform.GetThroughGatewayAsync("127.0.0.1", "/readyz", Cancellation));
    }

    [Fact]
    public async Task A_name_whose_only_workload_is_not_ready_gets_503()
    {
        await fixture.EnsureLiveHostsAsync(2);
        const string name = "gateway-broken";
        const string hostHeader = "broken.gateway.test";
        await Platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, "file:///nonexistent.wasm", hostHeader), Cancellation);

        var answer = await Platform.Until(
            () => Platform.GetThroughGatewayAsync(hostHeader, cancellationToken: Cancellation),
            a => a.Status != 404,
            $"the gateway to learn of {hostHeader}");
        Assert.Equal(new HttpAnswer(503, $"no ready backend for host '{hostHeader}'\n"), answer);
        Assert.DoesNotContain((await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(name), w => w.IsReady());

        Platform.DeleteManifest(name);
    }
}
