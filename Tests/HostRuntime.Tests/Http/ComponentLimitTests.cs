using System.Diagnostics;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// Runaway components are cut off by their limits while the host keeps serving others: a component that eats memory
/// until the ceiling refuses more, one that recurses until the stack runs out, and endless loops (CGI-style command
/// module and wasi:http component alike) that the request deadline ends.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class ComponentLimitTests(WasmHostFixture fixture)
{
    [Theory]
    [InlineData(Fixtures.Loop, Fixtures.Hello)]
    [InlineData(Fixtures.HttpLoop, Fixtures.JsHello)]
    public async Task Endless_loop_answers_504_at_the_deadline_while_hello_keeps_answering(string loop, string hello)
    {
        var loopHost = await fixture.ServeAsync(loop, "loop");
        var helloHost = await fixture.ServeAsync(hello, "hello");
        var stopwatch = Stopwatch.StartNew();

        var looping = fixture.GetAsync(loopHost);
        var answered = await fixture.GetAsync(helloHost);
        var helloFinishedFirst = !looping.IsCompleted;
        var timedOut = await looping;

        Assert.Equal((200, Fixtures.HelloText), answered);
        Assert.True(helloFinishedFirst, "hello should answer while the loop is still running");
        Assert.Equal((504, $"component '{loop}' did not answer within 1s\n"), timedOut);
        Assert.InRange(stopwatch.Elapsed, WasmHostFixture.RequestTimeout, WasmHostFixture.RequestTimeout + TimeSpan.FromSeconds(5));
        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(helloHost));
    }

    [Fact]
    public async Task Memory_hog_is_stopped_at_its_limit_while_hello_keeps_answering()
    {
        var hogHost = StartRequests.NewHost("memory-hog");
        var helloHost = StartRequests.NewHost("hello");
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpMemoryHog, hogHost, memoryLimitMb: 32));
        await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HelloWat, helloHost));

        // Several hogs at once, each eating up to its 32 MiB, with hello requests in between.
        var hogs = Enumerable.Range(0, 4).Select(_ => fixture.GetAsync(hogHost)).ToArray();
        var hellos = Enumerable.Range(0, 20).Select(_ => fixture.GetAsync(helloHost)).ToArray();

        Assert.All(await Task.WhenAll(hogs), hog => Assert.Equal((500, "component 'http-memory-hog' failed: wasm trap: wasm `unreachable` instruction executed\n"), hog));
        Assert.All(await Task.WhenAll(hellos), hello => Assert.Equal((200, Fixtures.HelloText), hello));
        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(helloHost));
    }

    [Fact]
    public async Task Memory_hog_without_a_limit_of_its_own_stops_at_the_hosts_ceiling()
    {
        var host = await fixture.ServeAsync(Fixtures.HttpMemoryHog, "memory-hog-default");

        Assert.Equal(500, (await fixture.GetAsync(host)).Status);
        Assert.Equal(500, (await fixture.GetAsync(host)).Status);
    }

    [Fact]
    public async Task Stack_overflow_answers_500_while_hello_keeps_answering()
    {
        var overflowHost = await fixture.ServeAsync(Fixtures.HttpStackOverflow, "stack-overflow");
        var helloHost = await fixture.ServeAsync(Fixtures.HelloWat, "hello");

        var overflows = Enumerable.Range(0, 4).Select(_ => fixture.GetAsync(overflowHost)).ToArray();
        var hellos = Enumerable.Range(0, 20).Select(_ => fixture.GetAsync(helloHost)).ToArray();

        Assert.All(await Task.WhenAll(overflows), overflow => Assert.Equal((500, "component 'http-stack-overflow' failed: wasm trap: call stack exhausted\n"), overflow));
        Assert.All(await Task.WhenAll(hellos), hello => Assert.Equal((200, Fixtures.HelloText), hello));
    }
}
