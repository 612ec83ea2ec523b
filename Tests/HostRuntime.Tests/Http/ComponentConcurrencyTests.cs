using Wasmcloud.HostRuntime.Execution.Internal;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// <c>maxConcurrency</c> through the real router: a pool of <c>poolSize</c> × <c>maxConcurrency</c> warm instances,
/// each serving one call at a time, before calls overflow to one-shot instances. The <c>http-counter</c> fixture
/// answers with its instance's request count, and a PATCH stays in the component until its body ends, so the test
/// decides how long each call keeps its instance busy.
/// </summary>
[Collection(LongRequestCollection.Name)]
public sealed class ComponentConcurrencyTests(LongRequestHostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pool_of_one_with_max_concurrency_three_serves_three_calls_at_once_on_warm_instances_and_overflows_the_fourth()
    {
        var host = StartRequests.NewHost("concurrency");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCounter, host, poolSize: 1, maxConcurrency: 3));
        var pool = Assert.IsType<ComponentHttpHandler>(fixture.Router.Resolve(host)).Pool!;

        var (first, firstOverflow) = await ThreeHeldAndOneMoreAsync(host, pool);
        var (second, secondOverflow) = await ThreeHeldAndOneMoreAsync(host, pool);

        // Round one: three warm instances (the one the start made, two siblings) each serve their first request, while
        // the fourth call, with all three busy, gets a one-shot instance. Round two: the same three serve their second.
        Assert.Equal(["1", "1", "1"], first);
        Assert.Equal(["2", "2", "2"], second);
        Assert.Equal((200, "1"), firstOverflow);
        Assert.Equal((200, "1"), secondOverflow);
        Assert.Equal((3, 3, 0), (pool.Created, pool.Live, pool.Retired));
    }

    /// <summary>
    /// Three PATCH calls held in the component until the pool has no idle instance left, one GET answered meanwhile,
    /// then the three let go: their answers in order, and the GET's.
    /// </summary>
    private async Task<(string[] Held, (int, string) Overflow)> ThreeHeldAndOneMoreAsync(string host, WarmInstancePool pool)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Enumerable.Range(0, 3).Select(_ => SendHeldAsync(host, release.Task)).ToArray();
        try
        {
            await Eventually.Until(() => pool.Live == 3 && pool.Idle == 0 && !held.Any(h => h.IsCompleted), "three warm instances busy with held calls");
            var overflow = await fixture.GetAsync(host);
            Assert.False(held.Any(h => h.IsCompleted), "a held call finished before its body was released");
            release.SetResult();
            return (await Task.WhenAll(held), overflow);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private async Task<string> SendHeldAsync(string host, Task release)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/") { Content = new HeldRequestBody(release) };
        request.Headers.Host = host;
        using var response = await fixture.Http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"held call answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
