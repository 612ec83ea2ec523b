namespace Wasmcloud.Silo.Tests;

/// <summary>Reads from async streams with a deadline instead of sleeping.</summary>
internal static class AsyncStreams
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>The first <paramref name="count"/> items that satisfy <paramref name="filter"/>; fails after the deadline.</summary>
    public static async Task<List<T>> TakeAsync<T>(this IAsyncEnumerable<T> stream, int count, Func<T, bool>? filter = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var taken = new List<T>();
        await foreach (var item in stream.WithCancellation(deadline.Token))
        {
            if (filter is null || filter(item))
            {
                taken.Add(item);
                if (taken.Count == count)
                {
                    break;
                }
            }
        }

        return taken;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after the deadline.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string because)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting until {because}");
            await Task.Yield();
            await Task.Delay(TimeSpan.FromMilliseconds(5), TestContext.Current.CancellationToken);
        }
    }
}
