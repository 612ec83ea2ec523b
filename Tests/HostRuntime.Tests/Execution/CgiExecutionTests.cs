using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>The CGI-style handler over real fixtures: what reaches the component, and what its failures become.</summary>
[Collection(WasmHostCollection.Name)]
public sealed class CgiExecutionTests(WasmHostFixture fixture)
{
    [Fact]
    public async Task Echo_sees_method_path_query_headers_and_body()
    {
        var host = await fixture.ServeAsync(Fixtures.Echo, "echo");

        using var response = await fixture.SendAsync($"{host}:8080", "/some/path?x=1&y=two", HttpMethod.Post, "ping pong", "application/json");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("POST", Assert.Single(response.Headers.GetValues("X-Echo-Method")));
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(
            $"method=POST\npath=/some/path\nquery=x=1&y=two\nhost={host}:8080\ncontent-type=application/json\ncontent-length=9\nbody=ping pong",
            body);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_instance()
    {
        var host = await fixture.ServeAsync(Fixtures.Echo, "echo-many");

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await fixture.SendAsync(host, $"/n/{i}", HttpMethod.Post, $"body {i}");
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }));

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(200, responses[i].Item1);
            Assert.Contains($"path=/n/{i}\n", responses[i].Item2, StringComparison.Ordinal);
            Assert.EndsWith($"body=body {i}", responses[i].Item2, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_without_a_body_sees_an_empty_stdin()
    {
        var host = await fixture.ServeAsync(Fixtures.Echo, "echo-get");

        var (status, body) = await fixture.GetAsync(host, "/");

        Assert.Equal(200, status);
        Assert.Contains("method=GET\npath=/\nquery=\n", body, StringComparison.Ordinal);
        Assert.EndsWith("content-length=\nbody=", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_config_reaches_the_component_and_beats_request_headers()
    {
        var host = StartRequests.NewHost("env");
        await fixture.StartRunningAsync(StartRequests.Http(
            Fixtures.Env,
            host,
            environment: new Dictionary<string, string> { ["GREETING"] = "hello from config", ["HTTP_X_SECRET"] = "from config" }));

        var greeting = await fixture.GetAsync(host);
        using var header = new HttpRequestMessage(HttpMethod.Get, "/?HTTP_X_CUSTOM") { Headers = { Host = host } };
        header.Headers.Add("X-Custom", "from header");
        using var headerResponse = await fixture.Http.SendAsync(header, TestContext.Current.CancellationToken);
        using var spoof = new HttpRequestMessage(HttpMethod.Get, "/?HTTP_X_SECRET") { Headers = { Host = host } };
        spoof.Headers.Add("X-Secret", "from client");
        using var spoofResponse = await fixture.Http.SendAsync(spoof, TestContext.Current.CancellationToken);
        var unset = await fixture.GetAsync(host, "/?NOT_SET");

        Assert.Equal((200, "hello from config"), greeting);
        Assert.Equal("from header", await headerResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("from config", await spoofResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal((404, "NOT_SET is not set\n"), unset);
    }

    [Fact]
    public async Task Trap_answers_500_and_the_next_request_is_served()
    {
        var trapHost = await fixture.ServeAsync(Fixtures.Trap, "trap");
        var helloHost = await fixture.ServeAsync(Fixtures.Hello, "hello");

        var trapped = await fixture.GetAsync(trapHost);
        var again = await fixture.GetAsync(trapHost);

        Assert.Equal(500, trapped.Status);
        Assert.Equal("component 'trap' failed: wasm trap: wasm `unreachable` instruction executed\n", trapped.Body);
        Assert.DoesNotContain("partial output", trapped.Body, StringComparison.Ordinal);
        Assert.Equal(500, again.Status);
        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(helloHost));
    }

    [Fact]
    public async Task Memory_bomb_is_stopped_by_the_host_memory_limit()
    {
        var hogHost = await fixture.ServeAsync(Fixtures.Hog, "hog");
        var helloHost = await fixture.ServeAsync(Fixtures.Hello, "hello");

        var hog = await fixture.GetAsync(hogHost);

        // Without a limit the hog reaches 1 GiB and answers 200; with one, its malloc fails and it aborts.
        Assert.Equal(500, hog.Status);
        Assert.Equal("component 'hog' failed: wasm trap: wasm `unreachable` instruction executed\n", hog.Body);
        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(helloHost));
    }

    [Fact]
    public async Task Memory_bomb_is_stopped_by_the_requests_memory_limit()
    {
        var host = StartRequests.NewHost("hog-small");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.Hog, host, memoryLimitMb: 8));

        Assert.Equal(500, (await fixture.GetAsync(host)).Status);
    }

    [Fact]
    public void Request_memory_limit_may_lower_the_host_ceiling_but_not_raise_it()
    {
        const long MiB = 1024 * 1024;
        Assert.Equal(256 * MiB, WasmtimeWorkloadExecutor.MemoryLimitBytes(null, 256));
        Assert.Equal(256 * MiB, WasmtimeWorkloadExecutor.MemoryLimitBytes(new LocalResources(), 256));
        Assert.Equal(16 * MiB, WasmtimeWorkloadExecutor.MemoryLimitBytes(new LocalResources { MemoryLimitMb = 16 }, 256));
        Assert.Equal(256 * MiB, WasmtimeWorkloadExecutor.MemoryLimitBytes(new LocalResources { MemoryLimitMb = 4096 }, 256));
    }
}
