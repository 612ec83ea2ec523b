using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// The instance policy of wasi:http components (<c>poolSize</c>, <c>maxInvocations</c>, <c>maxConcurrency</c>) through
/// the real router and Kestrel. The <c>http-counter</c> fixture answers with the number of requests its instance has
/// served, so a warm instance shows as 1, 2, 3… and fresh ones as 1, 1, 1…; a DELETE makes it trap.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class ComponentPoolingTests(WasmHostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pool_size_zero_serves_every_request_with_a_fresh_instance()
    {
        var host = await fixture.ServeAsync(Fixtures.HttpCounter, "fresh");

        var answers = await GetSequentiallyAsync(host, 3);

        Assert.Equal(["1", "1", "1"], answers);
        Assert.Null(Handler(host).Pool);
    }

    [Fact]
    public async Task Pool_size_from_the_start_command_keeps_one_instance_warm_across_requests()
    {
        var host = StartRequests.NewHost("warm");
        var request = StartRequests.Http(Fixtures.HttpCounter, host, poolSize: 1);

        // Through NATS and proto3 JSON, as the operator sends it.
        var reply = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, request);
        Assert.Equal(WorkloadState.Running, reply.WorkloadStatus.WorkloadState);

        var answers = await GetSequentiallyAsync(host, 4);

        Assert.Equal(["1", "2", "3", "4"], answers);
        Assert.Equal(1, Handler(host).Pool!.Created);
    }

    [Fact]
    public async Task Max_invocations_retires_a_warm_instance_after_that_many_requests()
    {
        var host = StartRequests.NewHost("retire");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCounter, host, poolSize: 1, maxInvocations: 2));

        var answers = await GetSequentiallyAsync(host, 5);

        Assert.Equal(["1", "2", "1", "2", "1"], answers);
        Assert.Equal(2, Handler(host).Pool!.Retired);
    }

    [Fact]
    public async Task Trap_discards_the_warm_instance_and_the_next_request_gets_a_new_one()
    {
        var host = StartRequests.NewHost("trap-warm");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCounter, host, poolSize: 1));

        var before = await GetSequentiallyAsync(host, 2);
        using var trapped = await fixture.SendAsync(host, "/", HttpMethod.Delete);
        var trappedBody = await trapped.Content.ReadAsStringAsync(Cancellation);
        var after = await GetSequentiallyAsync(host, 2);

        Assert.Equal(["1", "2"], before);
        Assert.Equal(500, (int)trapped.StatusCode);
        Assert.Equal("component 'http-counter' failed: wasm trap: wasm `unreachable` instruction executed\n", trappedBody);
        Assert.Equal(["1", "2"], after);
        Assert.Equal(1, Handler(host).Pool!.Retired);
    }

    [Fact]
    public async Task Deadline_discards_the_warm_instance()
    {
        var host = StartRequests.NewHost("loop-warm");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpLoop, host, poolSize: 1));
        var pool = Handler(host).Pool!;

        var timedOut = await fixture.GetAsync(host);

        Assert.Equal((504, "component 'http-loop' did not answer within 1s\n"), timedOut);
        Assert.Equal((1, 0), (pool.Retired, pool.Live));
    }

    [Fact]
    public async Task Memory_limit_discards_the_warm_instance()
    {
        var host = StartRequests.NewHost("hog-warm");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpHog, host, memoryLimitMb: 8, poolSize: 1));
        var pool = Handler(host).Pool!;

        var refused = await fixture.GetAsync(host);

        Assert.Equal((500, "component 'http-hog' failed: wasm trap: wasm `unreachable` instruction executed\n"), refused);
        Assert.Equal((1, 0), (pool.Retired, pool.Live));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Parallel_requests_are_all_answered_and_no_instance_serves_two_at_once(int poolSize)
    {
        var host = StartRequests.NewHost($"counter-parallel-{poolSize}");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCounter, host, poolSize: poolSize));

        var answers = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => fixture.GetAsync(host)));

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        var counts = answers.Select(answer => int.Parse(answer.Body, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // A fresh instance always says 1. A warm one counts up, so the count n can come from at most poolSize
        // instances: more would mean two requests shared an instance's count, i.e. ran on it at once or leaked.
        Assert.All(counts, count => Assert.InRange(count, 1, poolSize == 0 ? 1 : 48));
        Assert.All(counts.Where(count => count > 1).GroupBy(count => count), group => Assert.InRange(group.Count(), 1, poolSize));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Parallel_echoes_each_get_their_own_request_back(int poolSize)
    {
        var host = StartRequests.NewHost($"echo-parallel-{poolSize}");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.JsEcho, host, poolSize: poolSize));

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await fixture.SendAsync(host, $"/n/{i}", HttpMethod.Post, $"body {i}");
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancellation), Assert.Single(response.Headers.GetValues("x-url")));
        }));

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal((200, $"body {i}", $"http://{host}/n/{i}"), responses[i]);
        }
    }

    [Fact]
    public async Task Warm_instance_keeps_nothing_of_the_previous_request()
    {
        var host = StartRequests.NewHost("echo-warm");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.JsEcho, host, poolSize: 1));
        using var first = new HttpRequestMessage(HttpMethod.Post, "/first") { Headers = { Host = host }, Content = new StringContent("first body") };
        first.Headers.Add("X-Echo-Trace", "from the first request");

        using var firstResponse = await fixture.Http.SendAsync(first, Cancellation);
        using var second = await fixture.SendAsync(host, "/second", HttpMethod.Post, "second");

        Assert.Equal("first body", await firstResponse.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("second", await second.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal($"http://{host}/second", Assert.Single(second.Headers.GetValues("x-url")));
        Assert.False(second.Headers.Contains("x-echo-trace"), "the second response carries a header of the first request");
    }

    [Fact]
    public async Task Handle_kept_from_a_finished_request_is_refused_and_its_instance_discarded()
    {
        var host = StartRequests.NewHost("stale");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCounter, host, poolSize: 1));

        // The POST keeps its request handle; the instance is still reused (the count goes on)...
        using var keeping = await fixture.SendAsync(host, "/", HttpMethod.Post, "keep me");
        var reused = await fixture.GetAsync(host);

        // ...but the handle reaches nothing of that request any more: the PUT that uses it fails.
        using var stale = await fixture.SendAsync(host, "/", HttpMethod.Put, "use it");
        var staleBody = await stale.Content.ReadAsStringAsync(Cancellation);
        var fresh = await fixture.GetAsync(host);

        Assert.Equal("1", await keeping.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal((200, "2"), reused);
        Assert.Equal(500, (int)stale.StatusCode);
        Assert.Contains("belonged to a request that has ended", staleBody, StringComparison.Ordinal);
        Assert.Equal((200, "1"), fresh);
    }

    [Fact]
    public async Task Component_that_cannot_serve_twice_on_one_instance_falls_back_to_fresh_instances()
    {
        // componentize-js 0.23 (StarlingMonkey) answers only the first request of an instance.
        var host = StartRequests.NewHost("js-pooled");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.JsHello, host, poolSize: 2));

        var answers = new List<(int, string)>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await fixture.GetAsync(host));
        }

        Assert.All(answers, answer => Assert.Equal((200, Fixtures.HelloText), answer));
        Assert.Equal(0, Handler(host).Pool!.Live);
    }

    [Fact]
    public async Task Max_concurrency_lets_the_pool_grow_to_pool_size_times_max_concurrency_instances_each_serving_one_call_at_a_time()
    {
        var host = StartRequests.NewHost("concurrency");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCounter, host, poolSize: 1, maxConcurrency: 4));

        var parallel = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => fixture.GetAsync(host)));
        var counts = parallel.Select(answer => answer.Body).Where(body => body != "1").ToArray();

        // A count above 1 comes from a warm instance; at most four instances can have reached each count.
        Assert.All(parallel, answer => Assert.Equal(200, answer.Status));
        Assert.All(counts.GroupBy(count => count), group => Assert.InRange(group.Count(), 1, 4));
        Assert.InRange(Handler(host).Pool!.Live, 1, 4);
    }

    [Theory]
    [InlineData(-1, -5, -2, 0, 0, 1)]
    [InlineData(4, 1000, 0, 4, 1000, 1)]
    [InlineData(2, 0, 8, 2, 0, 8)]
    public void Policy_reads_the_signed_wire_fields(int poolSize, int maxInvocations, int maxConcurrency, int expectedPool, int expectedInvocations, int expectedConcurrency)
    {
        var policy = InstancePolicy.Of(new Component { PoolSize = poolSize, MaxInvocations = maxInvocations, MaxConcurrency = maxConcurrency });

        Assert.Equal(new InstancePolicy(expectedPool, expectedInvocations, expectedConcurrency), policy);
        Assert.Equal(expectedPool * expectedConcurrency, policy.WarmCapacity);
    }

    private ComponentHttpHandler Handler(string host) => Assert.IsType<ComponentHttpHandler>(fixture.Router.Resolve(host));

    private async Task<string[]> GetSequentiallyAsync(string host, int count)
    {
        var bodies = new string[count];
        for (var i = 0; i < count; i++)
        {
            var (status, body) = await fixture.GetAsync(host);
            Assert.Equal(200, status);
            bodies[i] = body;
        }

        return bodies;
    }
}
