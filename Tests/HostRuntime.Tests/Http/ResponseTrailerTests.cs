using System.Net;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// Response trailers a component sets (<c>outgoing-body.finish</c> with trailers) on the host's cleartext listener.
/// Kestrel writes response trailers only over HTTP/2 (and HTTP/3), and its cleartext endpoint (HTTP/1.1 and HTTP/2,
/// no TLS) refuses HTTP/2 with prior knowledge (HTTP_1_1_REQUIRED), so a client gets HTTP/1.1, where Kestrel has no
/// chunked trailers: the trailers are dropped, and the response must still be whole. Over HTTPS they arrive (IngressTlsTests).
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class ResponseTrailerTests(WasmHostFixture fixture)
{
    [Fact]
    public async Task Component_that_sets_trailers_answers_its_whole_body_over_http_1_1_without_them()
    {
        var host = await fixture.ServeAsync(Fixtures.HttpTrailers, "trailers");

        using var response = await fixture.SendAsync(host);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11, "body before trailers\n"), (response.StatusCode, response.Version, body));
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task Cleartext_listener_refuses_http_2_with_prior_knowledge()
    {
        var host = await fixture.ServeAsync(Fixtures.HttpTrailers, "trailers-h2c");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Host = host;

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => fixture.Http.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Contains("HTTP_1_1_REQUIRED", refused.Message, StringComparison.Ordinal);
    }
}
