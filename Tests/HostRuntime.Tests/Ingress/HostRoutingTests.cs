using System.Net.Sockets;
using System.Text;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Ingress;

/// <summary>Reference §5.3 through the real Kestrel endpoint: routing by Host, aliases, replicas, 404 and 400.</summary>
[Collection(WasmHostCollection.Name)]
public sealed class HostRoutingTests(WasmHostFixture fixture)
{
    [Fact]
    public async Task Hello_is_served_by_its_host_name_with_the_port_stripped()
    {
        var host = await fixture.ServeAsync(Fixtures.Hello, "hello");

        using var response = await fixture.SendAsync($"{host.ToUpperInvariant()}:8080");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Fixtures.HelloText, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Start_through_the_control_server_serves_http()
    {
        var host = StartRequests.NewHost("nats");
        var request = StartRequests.Http(Fixtures.Hello, host);

        var reply = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, request);

        Assert.Equal(WorkloadState.Running, reply.WorkloadStatus.WorkloadState);
        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(host));
    }

    [Fact]
    public async Task Host_aliases_are_comma_separated_trimmed_and_case_insensitive()
    {
        var host = StartRequests.NewHost("main");
        var alias1 = StartRequests.NewHost("alias1");
        var alias2 = StartRequests.NewHost("alias2");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Hello, host, aliases: $" {alias1} ,{alias2.ToUpperInvariant()}, "));

        Assert.Equal(200, (await fixture.GetAsync(alias1)).Status);
        Assert.Equal(200, (await fixture.GetAsync($"{alias2}:443")).Status);
        Assert.Equal(200, (await fixture.GetAsync(host)).Status);
    }

    [Fact]
    public async Task Two_replicas_on_one_name_both_get_traffic()
    {
        var host = StartRequests.NewHost("replicas");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Env, host, environment: new Dictionary<string, string> { ["GREETING"] = "replica-a" }));
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Env, host, environment: new Dictionary<string, string> { ["GREETING"] = "replica-b" }));
        Assert.Equal(2, fixture.Router.WorkloadsFor(host).Count);

        var seen = new HashSet<string>();
        for (var i = 0; i < 100 && seen.Count < 2; i++)
        {
            var (status, body) = await fixture.GetAsync(host);
            Assert.Equal(200, status);
            seen.Add(body);
        }

        // With a fair coin, 100 requests all landing on one replica has probability 2^-99.
        Assert.Equal(["replica-a", "replica-b"], seen.Order());
    }

    [Fact]
    public async Task Unmatched_host_is_404_naming_the_host()
    {
        var (status, body) = await fixture.GetAsync("Nobody.Example.com:9999", "/anything");

        Assert.Equal(404, status);
        Assert.Equal("no workload serves host 'nobody.example.com'\n", body);
    }

    [Fact]
    public async Task Request_without_a_host_is_400()
    {
        // HTTP/1.0 may omit Host; HttpClient always sends one, so speak the protocol by hand.
        var ct = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", fixture.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray(), ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);

        var response = await reader.ReadToEndAsync(ct);

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.EndsWith("missing Host header\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_is_the_hosts_only_when_no_workload_claims_the_host()
    {
        var host = await fixture.ServeAsync(Fixtures.Echo, "shadow");

        var own = await fixture.GetAsync("127.0.0.1", "/healthz");
        var workloads = await fixture.GetAsync(host, "/healthz");

        Assert.Equal((200, "ok"), own);
        Assert.Equal(200, workloads.Status);
        Assert.Contains("path=/healthz\n", workloads.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_unregisters_the_routes()
    {
        var host = StartRequests.NewHost("stopped");
        var id = await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Hello, host));
        Assert.Equal(200, (await fixture.GetAsync(host)).Status);

        var stop = await fixture.StopAsync(id);

        Assert.Equal(WorkloadState.Stopping, stop.WorkloadState);
        Assert.Empty(fixture.Router.WorkloadsFor(host));
        Assert.Equal(404, (await fixture.GetAsync(host)).Status);
    }

    [Fact]
    public async Task Stopping_one_replica_leaves_the_other_serving()
    {
        var host = StartRequests.NewHost("one-left");
        var first = await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Env, host, environment: new Dictionary<string, string> { ["GREETING"] = "first" }));
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Env, host, environment: new Dictionary<string, string> { ["GREETING"] = "second" }));

        await fixture.StopAsync(first);

        Assert.Single(fixture.Router.WorkloadsFor(host));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal((200, "second"), await fixture.GetAsync(host));
        }
    }
}
