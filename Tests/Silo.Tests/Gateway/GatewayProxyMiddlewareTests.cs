using Wasmcloud.Grains.Abstractions.Ingress;

namespace Wasmcloud.Silo.Tests.Gateway;

/// <summary>
/// How the gateway forwards, against real loopback backends: spread over every ready backend, the client's Host kept
/// (hosts route by it) with <c>X-Forwarded-*</c> added, unknown names to the fallback, a dead backend a 502.
/// </summary>
public sealed class GatewayProxyMiddlewareTests(GatewayProxyFixture fixture) : IClassFixture<GatewayProxyFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_for_a_name_are_spread_over_its_backends_with_the_host_header_kept()
    {
        Publish(("spread.test", fixture.BackendAddresses));

        var served = new HashSet<string>();
        string? last = null;
        for (var i = 0; i < 40; i++)
        {
            last = await GetAsync("Spread.Test:8080", "/orders?id=7");
            served.Add(last.Split(' ')[0]);
        }

        // Two backends picked at random 40 times: missing one has odds of 2 in 2^40.
        Assert.Equal(["backend-a", "backend-b"], served.Order());
        Assert.Contains("host=Spread.Test:8080 path=/orders?id=7 xff=127.0.0.1 proto=http xfh=Spread.Test:8080 real=127.0.0.1", last);
    }

    [Fact]
    public async Task A_name_nobody_claims_goes_to_the_fallback_endpoint()
    {
        Publish(("known.test", [fixture.BackendAddresses[0]]));

        var answer = await GetAsync("unknown.test", "/");

        Assert.StartsWith("fallback host=unknown.test path=/", answer);
    }

    [Fact]
    public async Task A_backend_that_does_not_answer_gives_502_and_a_name_without_backends_503()
    {
        Publish(("dead.test", [fixture.DeadAddress]), ("idle.test", []));

        using var dead = await SendAsync("dead.test");
        using var idle = await SendAsync("idle.test");

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, dead.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, idle.StatusCode);
        Assert.Equal("no ready backend for host 'idle.test'\n", await idle.Content.ReadAsStringAsync(Cancellation));
    }

    private void Publish(params (string Name, IReadOnlyList<string> Backends)[] routes) =>
        fixture.Routes.Replace(new IngressRouteTable { Routes = routes.ToDictionary(r => r.Name, r => r.Backends) });

    private async Task<string> GetAsync(string host, string path)
    {
        using var response = await SendAsync(host, path);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private async Task<HttpResponseMessage> SendAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.GatewayUrl, path));
        request.Headers.Host = host;
        return await fixture.Client.SendAsync(request, Cancellation);
    }
}
