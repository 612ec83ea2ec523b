using Wasmcloud.HostRuntime.Execution.Internal;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>The warm guest threads that run request handlers.</summary>
public sealed class GuestThreadsTests
{
    [Fact]
    public async Task Sequential_work_reuses_one_thread()
    {
        var threads = new GuestThreads();

        var ids = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await threads.Run(() => Environment.CurrentManagedThreadId));
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(1, threads.Created);
    }

    [Fact]
    public async Task Concurrent_work_gets_threads_of_its_own_and_never_waits_for_another()
    {
        var threads = new GuestThreads();
        using var release = new ManualResetEventSlim();

        var blocked = Enumerable.Range(0, 4).Select(_ => threads.Run(() => release.Wait(TimeSpan.FromSeconds(20)))).ToArray();
        var free = await threads.Run(() => 42).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        release.Set();
        await Task.WhenAll(blocked);

        Assert.Equal(42, free);
        Assert.Equal(5, threads.Created);
        Assert.All(blocked, t => Assert.True(t.Result));
    }

    [Fact]
    public async Task Exceptions_reach_the_caller_and_the_thread_stays_usable()
    {
        var threads = new GuestThreads();

        await Assert.ThrowsAsync<InvalidOperationException>(() => threads.Run<int>(() => throw new InvalidOperationException("boom")));

        Assert.Equal(7, await threads.Run(() => 7));
        Assert.Equal(1, threads.Created);
    }
}
