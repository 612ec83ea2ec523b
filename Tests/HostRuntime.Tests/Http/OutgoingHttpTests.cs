using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// <c>wasi:http/outgoing-handler</c> through a componentize-js <c>fetch</c>, against another workload of the same host:
/// an echo registered as <c>localhost</c>, since fetch sends the URL's authority as the Host header.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class OutgoingHttpTests(WasmHostFixture fixture)
{
    private string EchoUrl(string path) => $"http://localhost:{fixture.Port}{path}";

    [Fact]
    public async Task Allowed_fetch_reaches_another_workload_and_streams_both_bodies()
    {
        var echo = StartRequests.Http(Fixtures.JsEcho, "localhost");
        await fixture.StartRunningAsync(echo);
        var proxyHost = StartRequests.NewHost("fetch");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.JsFetch, proxyHost, allowedHosts: ["localhost"]));
        try
        {
            using var response = await fixture.SendAsync(proxyHost, $"/?url={Uri.EscapeDataString(EchoUrl("/echoed"))}", HttpMethod.Post, "sent through fetch");
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("200 sent through fetch", body);
        }
        finally
        {
            await fixture.StopAsync(echo.WorkloadId);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("example.com")]
    [InlineData("https://localhost")]
    public async Task Fetch_outside_allowed_hosts_is_denied(string? allowed)
    {
        var proxyHost = StartRequests.NewHost("fetch-denied");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.JsFetch, proxyHost, allowedHosts: allowed is null ? [] : [allowed]));

        var (status, body) = await fixture.GetAsync(proxyHost, $"/?url={Uri.EscapeDataString(EchoUrl("/"))}");

        Assert.Equal(502, status);
        Assert.StartsWith("fetch failed:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_allowed_hosts_fail_the_start_naming_every_bad_entry()
    {
        var status = await fixture.StartAsync(StartRequests.Http(
            Fixtures.JsFetch, StartRequests.NewHost("fetch-bad"), allowedHosts: ["ok.example.com", "ftp://x.example.com", "bad host", "a.example.com:99999"]));

        Assert.Equal(
            "component 'js-fetch': invalid allowedHosts entries: 'ftp://x.example.com', 'bad host', 'a.example.com:99999'",
            status.Message);
    }
}
