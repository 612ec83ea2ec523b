using System.Collections.Concurrent;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Tests.Feeding;

/// <summary>The dispatcher's ordering guarantees: in order per key, concurrent across keys up to a limit, never more.</summary>
public sealed class KeyedWorkQueueContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Items_of_one_key_run_one_at_a_time_in_order_and_keys_run_side_by_side_up_to_the_limit()
    {
        var running = 0;
        var mostAtOnce = 0;
        var perKey = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var busyKeys = new ConcurrentDictionary<string, int>();
        var overlapInAKey = false;
        await using var queue = new KeyedWorkQueue<(string Key, int N)>(async (item, _) =>
        {
            if (busyKeys.AddOrUpdate(item.Key, 1, (_, n) => n + 1) > 1)
            {
                overlapInAKey = true;
            }

            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await Task.Delay(Random.Shared.Next(0, 3), Ct);
            perKey.GetOrAdd(item.Key, _ => new()).Enqueue(item.N);
            Interlocked.Decrement(ref running);
            busyKeys.AddOrUpdate(item.Key, 0, (_, n) => n - 1);
        }, maxConcurrency: 4);

        for (var n = 0; n < 50; n++)
        {
            for (var k = 0; k < 20; k++)
            {
                queue.Enqueue($"k{k}", ($"k{k}", n));
            }
        }

        await queue.WhenIdleAsync(Ct);

        Assert.False(overlapInAKey);
        Assert.InRange(mostAtOnce, 2, 4);
        Assert.Equal(0, queue.Outstanding);
        Assert.All(perKey.Values, items => Assert.Equal(Enumerable.Range(0, 50), items));
    }

    [Fact]
    public async Task A_newer_item_replaces_a_pending_one_it_supersedes_but_never_a_running_one()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<int>();
        await using var queue = new KeyedWorkQueue<int>(async (item, _) =>
        {
            seen.Enqueue(item);
            if (item == 1)
            {
                await release.Task;
            }
        }, maxConcurrency: 2, supersedes: (pending, newer) => newer > pending);

        queue.Enqueue("a", 1);
        while (seen.IsEmpty)
        {
            await Task.Delay(5, Ct);
        }

        queue.Enqueue("a", 2);
        queue.Enqueue("a", 3);
        queue.Enqueue("a", 0);
        Assert.Equal(3, queue.Outstanding);
        release.SetResult();
        await queue.WhenIdleAsync(Ct);

        Assert.Equal([1, 3, 0], seen);
    }

    [Fact]
    public async Task Failures_are_reported_and_do_not_stop_the_key()
    {
        var failures = new ConcurrentQueue<int>();
        var seen = new ConcurrentQueue<int>();
        await using var queue = new KeyedWorkQueue<int>((item, _) =>
        {
            seen.Enqueue(item);
            return item == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }, maxConcurrency: 1, onUnhandled: (item, _) => failures.Enqueue(item));

        queue.Enqueue("a", 1);
        queue.Enqueue("a", 2);
        await queue.WhenIdleAsync(Ct);

        Assert.Equal([1], failures);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public async Task Dispose_cancels_running_items_drops_queued_ones_and_then_ignores_new_ones()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<int>();
        var queue = new KeyedWorkQueue<int>(async (item, stopping) =>
        {
            seen.Enqueue(item);
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, stopping);
        }, maxConcurrency: 1);

        queue.Enqueue("a", 1);
        queue.Enqueue("b", 2);
        await started.Task.WaitAsync(Ct);
        await queue.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        queue.Enqueue("c", 3);

        // One item ran (which one is up to scheduling) and was cancelled; the other never started.
        Assert.Single(seen);
        Assert.Equal(0, queue.Outstanding);
    }

    [Fact]
    public async Task Lanes_take_turns_so_a_burst_in_one_does_not_hold_up_another()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<string>();
        await using var queue = new KeyedWorkQueue<string>(async (item, _) =>
        {
            started.TrySetResult();
            await gate.Task;
            seen.Enqueue(item);
        }, maxConcurrency: 1, laneOf: key => key[..key.IndexOf(':', StringComparison.Ordinal)]);

        queue.Enqueue("deployments:0", "d0");
        await started.Task.WaitAsync(Ct);
        for (var i = 1; i < 5; i++)
        {
            queue.Enqueue($"deployments:{i}", $"d{i}");
        }

        queue.Enqueue("workloads:0", "w0");
        queue.Enqueue("workloads:1", "w1");
        gate.SetResult();
        await queue.WhenIdleAsync(Ct);

        Assert.Equal(["d0", "d1", "w0", "d2", "w1", "d3", "d4"], seen);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }
}
