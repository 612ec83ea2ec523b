using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// wasi:http proxy components served through the real router and Kestrel, routed by Host header: a hand-written WAT
/// hello and componentize-js components (hello, echo), plus WAT components that trap, loop and hog memory.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class ComponentHttpTests(WasmHostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Fixtures.HelloWat)]
    [InlineData(Fixtures.JsHello)]
    public async Task Hello_component_answers_by_host_header(string component)
    {
        var host = await fixture.ServeAsync(component, component);

        using var response = await fixture.SendAsync($"{host}:8080", "/anything?x=1");
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Fixtures.HelloText, body);
    }

    [Fact]
    public async Task Hello_wat_sets_its_content_type()
    {
        var host = await fixture.ServeAsync(Fixtures.HelloWat, "hello-wat");

        using var response = await fixture.SendAsync(host);

        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Echo_sees_method_url_headers_and_body()
    {
        var host = await fixture.ServeAsync(Fixtures.JsEcho, "echo");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/some/path?x=1&y=two")
        {
            Headers = { Host = host },
            Content = new StringContent("ping pong", MediaTypeHeaderValue.Parse("application/json")),
        };
        request.Headers.Add("X-Echo-Trace", "abc");

        using var response = await fixture.Http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ping pong", body);
        Assert.Equal("PUT", Assert.Single(response.Headers.GetValues("x-method")));
        Assert.Equal($"http://{host}/some/path?x=1&y=two", Assert.Single(response.Headers.GetValues("x-url")));
        Assert.Equal("abc", Assert.Single(response.Headers.GetValues("x-echo-trace")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Echo_streams_a_large_body_back_intact()
    {
        var host = await fixture.ServeAsync(Fixtures.JsEcho, "echo-large");
        var payload = RandomNumberGenerator.GetBytes(1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Headers = { Host = host }, Content = new ByteArrayContent(payload) };
        var stopwatch = Stopwatch.StartNew();

        using var response = await fixture.Http.SendAsync(request, Cancellation);
        var echoed = await response.Content.ReadAsByteArrayAsync(Cancellation);

        TestContext.Current.SendDiagnosticMessage($"1 MiB echoed through the JS component in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(payload.Length, echoed.Length);
        Assert.True(payload.AsSpan().SequenceEqual(echoed), "the echoed body differs");
    }

    [Fact]
    public async Task Echo_answers_before_the_request_body_has_ended()
    {
        var host = await fixture.ServeAsync(Fixtures.JsEcho, "echo-stream");

        // Raw HTTP/1.1: HttpClient holds the response back until it has sent the whole request body.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Port, Cancellation);
        var stream = client.GetStream();
        await WriteAsciiAsync(stream, $"POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n");
        await WriteAsciiAsync(stream, "c\r\nfirst chunk|\r\n");
        var head = await ReadUntilAsync(stream, "first chunk|");
        await WriteAsciiAsync(stream, "c\r\nsecond chunk\r\n0\r\n\r\n");
        var tail = await ReadUntilAsync(stream, "0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Contains("second chunk", tail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_going_away_interrupts_the_guest_at_once()
    {
        var host = await fixture.ServeAsync(Fixtures.JsEcho, "echo-abandoned");
        var handler = Assert.IsType<ComponentHttpHandler>(fixture.Router.Resolve(host));
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Port, Cancellation);
        var stream = client.GetStream();
        await WriteAsciiAsync(stream, $"POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        await ReadUntilAsync(stream, "hello");

        // The guest now waits for more body; the client leaves well before the 1 s deadline.
        Assert.Equal(1, handler.InFlight);
        var stopwatch = Stopwatch.StartNew();
        client.Dispose();
        while (handler.InFlight > 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10, Cancellation);
        }

        Assert.Equal(0, handler.InFlight);
        Assert.True(stopwatch.Elapsed < WasmHostFixture.RequestTimeout * 0.7, $"the request ended {stopwatch.ElapsedMilliseconds} ms after the client left");
    }

    [Fact]
    public async Task Trap_answers_500_and_the_next_request_gets_a_fresh_instance()
    {
        var trapHost = await fixture.ServeAsync(Fixtures.HttpTrap, "trap");
        var helloHost = await fixture.ServeAsync(Fixtures.JsHello, "hello");

        var trapped = await fixture.GetAsync(trapHost);
        var again = await fixture.GetAsync(trapHost);

        Assert.Equal(500, trapped.Status);
        Assert.Equal("component 'http-trap' failed: wasm trap: wasm `unreachable` instruction executed\n", trapped.Body);
        Assert.Equal(trapped, again);
        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(helloHost));
    }

    [Fact]
    public async Task Trap_after_the_response_began_aborts_the_connection()
    {
        var host = await fixture.ServeAsync(Fixtures.HttpTrapLate, "trap-late");

        // The head and first bytes may reach the client before the abort or not, depending on when the flush lands;
        // either way the client is told the response broke and never receives it as a complete 200.
        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host } };
            using var response = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation);
            Assert.Equal(200, (int)response.StatusCode);
            await response.Content.ReadAsStringAsync(Cancellation);
        });
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task Memory_limit_refuses_growth_past_the_workloads_ceiling()
    {
        var limited = StartRequests.NewHost("hog-small");
        var roomy = StartRequests.NewHost("hog");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpHog, limited, memoryLimitMb: 8));
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpHog, roomy));

        // 16 MiB more: refused under 8 MiB (the guest traps), allowed under the host's 64 MiB (it then sets no response).
        Assert.Equal((500, "component 'http-hog' failed: wasm trap: wasm `unreachable` instruction executed\n"), await fixture.GetAsync(limited));
        Assert.Equal((500, "component 'http-hog' failed: it returned without setting a response\n"), await fixture.GetAsync(roomy));
    }

    [Fact]
    public async Task Component_with_an_unknown_import_fails_to_start_naming_it()
    {
        var status = await fixture.StartAsync(StartRequests.Http(Fixtures.HttpUnknownImport, StartRequests.NewHost("odd")));

        Assert.Equal(
            "component 'http-unknown-import' failed to instantiate: it imports example:missing/thing@1.0.0, which this host does not provide",
            status.Message);
    }

    [Fact]
    public async Task Per_request_cost_of_hello_is_reported()
    {
        var watHost = await fixture.ServeAsync(Fixtures.HelloWat, "hello-wat-bench");
        var jsHost = await fixture.ServeAsync(Fixtures.JsHello, "hello-js-bench");

        var wat = await MeasureAsync(watHost, 200);
        var js = await MeasureAsync(jsHost, 200);
        var baseline = await MeasureAsync(StartRequests.NewHost("nobody"), 200, expected: 404);

        TestContext.Current.SendDiagnosticMessage(
            $"sequential GET through Kestrel and a fresh instance per request: WAT hello {wat.TotalMicroseconds:0} µs, JS hello {js.TotalMicroseconds:0} µs (a 404 from the router: {baseline.TotalMicroseconds:0} µs)");
        Assert.True(js < TimeSpan.FromSeconds(1), $"JS hello took {js.TotalMilliseconds} ms per request");
    }

    private async Task<TimeSpan> MeasureAsync(string host, int requests, int expected = 200)
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(expected, (await fixture.GetAsync(host)).Status);
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            using var response = await fixture.SendAsync(host);
            await response.Content.ReadAsByteArrayAsync(Cancellation);
        }

        return stopwatch.Elapsed / requests;
    }

    private static async Task WriteAsciiAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), Cancellation);
        await stream.FlushAsync(Cancellation);
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived (within 20 s) and returns everything read.</summary>
    private static async Task<string> ReadUntilAsync(Stream stream, string marker)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
