using System.Collections.Concurrent;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>Ticks of <see cref="ReminderProbeGrain"/>s, by grain key: which silo delivered the latest one, awaited as an event.</summary>
public static class ReminderProbeTicks
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> Next = new();

    /// <summary>Completes with the silo that delivers the grain's next tick after this call.</summary>
    public static Task<string> NextTickAsync(string grainKey)
    {
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Next[grainKey] = waiter;
        return waiter.Task;
    }

    public static void Record(string grainKey, string silo)
    {
        if (Next.TryRemove(grainKey, out var waiter))
        {
            waiter.TrySetResult(silo);
        }
    }
}
