using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// <c>wasi:http/outgoing-handler</c> through a componentize-js <c>fetch</c>, against another workload of the same host:
/// an echo registered as <c>localhost</c>, since fetch sends the URL's authority as the Host header; and through the
/// <c>http-outgoing-probe</c> fixture, which answers with the wasi:http error code it got, against a loopback server.
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

        // StarlingMonkey turns every wasi:http error code into one message ("fetch_https: An error occurred while using
        // the host API."); the probe tests below see the code itself.
        Assert.Equal(502, status);
        Assert.StartsWith("fetch failed:", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("example.com")]
    [InlineData("https://localhost")]
    public async Task Component_sees_http_request_denied_outside_its_allowed_hosts(string? allowed)
    {
        await using var server = await LoopbackServer.StartAsync();
        var host = StartRequests.NewHost("probe-denied");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpOutgoingProbe, host, allowedHosts: allowed is null ? [] : [allowed]));

        var answer = await ProbeAsync(host, "http", $"localhost:{server.Port}");

        Assert.Equal((200, "HTTP-request-denied"), answer);
        Assert.Equal(0, server.Requests);
    }

    /// <summary>
    /// Each allowedHosts form of reference §2.4, once letting a request through and once refusing one, end to end.
    /// <c>{port}</c> is a loopback server's port, <c>{other}</c> another port. Nothing resolves subdomains of localhost
    /// on this machine (.NET 10 leaves them to the OS resolver, dotnet/runtime#118569), so a wildcard's allowed request
    /// ends in destination-not-found: past the policy, at DNS.
    /// </summary>
    [Theory]
    [InlineData("*", "http", "localhost:{port}", "status 200")]
    [InlineData("localhost:{port}", "http", "localhost:{port}", "status 200")]
    [InlineData("localhost:{port}", "http", "localhost:{other}", "HTTP-request-denied")]
    [InlineData("127.0.0.1", "http", "127.0.0.1:{port}", "status 200")]
    [InlineData("127.0.0.1", "http", "localhost:{port}", "HTTP-request-denied")]
    [InlineData("http://localhost", "http", "localhost:{port}", "status 200")]
    [InlineData("http://localhost", "https", "localhost:{port}", "HTTP-request-denied")]
    [InlineData("http://localhost:{port}/", "http", "localhost:{port}", "status 200")]
    [InlineData("http://localhost:{port}/", "http", "localhost:{other}", "HTTP-request-denied")]
    [InlineData("*.localhost", "http", "svc.localhost:{port}", "destination-not-found")]
    [InlineData("*.localhost", "http", "localhost:{port}", "HTTP-request-denied")]
    [InlineData("*.localhost:{port}", "http", "a.svc.localhost:{port}", "destination-not-found")]
    [InlineData("*.localhost:{port}", "http", "svc.localhost:{other}", "HTTP-request-denied")]
    [InlineData("http://*.localhost:{port}/", "http", "svc.localhost:{port}", "destination-not-found")]
    [InlineData("http://*.localhost:{port}/", "https", "svc.localhost:{port}", "HTTP-request-denied")]
    public async Task Allowed_hosts_form_lets_through_what_it_names_and_refuses_the_rest(string entry, string scheme, string authority, string expected)
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var other = await LoopbackServer.StartAsync();
        string Fill(string text) => text.Replace("{port}", $"{server.Port}", StringComparison.Ordinal).Replace("{other}", $"{other.Port}", StringComparison.Ordinal);
        var host = StartRequests.NewHost("probe");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpOutgoingProbe, host, allowedHosts: [Fill(entry)]));

        var answer = await ProbeAsync(host, scheme, Fill(authority));

        Assert.Equal((200, expected), answer);
        Assert.Equal(expected == "status 200" ? 1 : 0, server.Requests);
        Assert.Equal(0, other.Requests);
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

    /// <summary>Asks the probe workload on <paramref name="host"/> to send GET <paramref name="scheme"/>://<paramref name="authority"/>/.</summary>
    private async Task<(int Status, string Body)> ProbeAsync(string host, string scheme, string authority)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        request.Headers.Add("x-scheme", scheme);
        request.Headers.Add("x-authority", authority);
        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
