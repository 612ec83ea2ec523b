using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Tests.Feeding;

public sealed class KeyedWorkQueueTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Items_of_one_key_run_in_order_and_never_overlap()
    {
        var running = new Dictionary<string, int>();
        var seen = new List<(string Key, int Item)>();
        var overlap = false;
        var gate = new Lock();
        await using var queue = new KeyedWorkQueue<(string Key, int Item)>(
            async (work, _) =>
            {
                lock (gate)
                {
                    running[work.Key] = running.GetValueOrDefault(work.Key) + 1;
                    overlap |= running[work.Key] > 1;
                }

                await Task.Yield();
                lock (gate)
                {
                    seen.Add(work);
                    running[work.Key]--;
                }
            },
            maxConcurrency: 4);

        for (var i = 0; i < 200; i++)
        {
            var key = $"k{i % 5}";
            queue.Enqueue(key, (key, i));
        }

        await queue.WhenIdleAsync(_ct);

        Assert.False(overlap);
        Assert.Equal(200, seen.Count);
        foreach (var perKey in seen.GroupBy(s => s.Key))
        {
            Assert.Equal(perKey.Select(s => s.Item).Order(), perKey.Select(s => s.Item));
        }
    }

    [Fact]
    public async Task Concurrency_is_bounded_across_keys()
    {
        var inFlight = 0;
        var peak = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var queue = new KeyedWorkQueue<int>(
            async (_, _) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await release.Task;
                Interlocked.Decrement(ref inFlight);
            },
            maxConcurrency: 3);

        for (var i = 0; i < 10; i++)
        {
            queue.Enqueue($"k{i}", i);
        }

        await AsyncStreams.EventuallyAsync(() => Volatile.Read(ref inFlight) == 3, "three items run at once");
        release.SetResult();
        await queue.WhenIdleAsync(_ct);

        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task A_pending_item_is_replaced_by_one_that_supersedes_it()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processed = new List<int>();
        await using var queue = new KeyedWorkQueue<int>(
            async (item, _) =>
            {
                if (item == 0)
                {
                    await hold.Task;
                }

                lock (processed)
                {
                    processed.Add(item);
                }
            },
            maxConcurrency: 1,
            supersedes: (pending, newer) => pending > 0 && newer > 0);

        queue.Enqueue("k", 0);
        await AsyncStreams.EventuallyAsync(() => queue.Outstanding == 1, "the first item runs");
        queue.Enqueue("k", 1);
        queue.Enqueue("k", 2);
        queue.Enqueue("k", 3);
        hold.SetResult();
        await queue.WhenIdleAsync(_ct);

        Assert.Equal([0, 3], processed);
    }

    [Fact]
    public async Task Exceptions_escaping_the_processor_are_reported_and_the_key_goes_on()
    {
        var reported = new List<int>();
        var processed = new List<int>();
        await using var queue = new KeyedWorkQueue<int>(
            (item, _) =>
            {
                lock (processed)
                {
                    processed.Add(item);
                }

                return item == 1 ? Task.FromException(new InvalidOperationException("boom")) : Task.CompletedTask;
            },
            maxConcurrency: 1,
            onUnhandled: (item, _) =>
            {
                lock (reported)
                {
                    reported.Add(item);
                }
            });

        queue.Enqueue("k", 1);
        queue.Enqueue("k", 2);
        await queue.WhenIdleAsync(_ct);

        Assert.Equal([1], reported);
        Assert.Equal([1, 2], processed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
