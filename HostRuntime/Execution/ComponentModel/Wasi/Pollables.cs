using System.Diagnostics;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// A <c>wasi:io/poll</c> pollable: something the guest can ask "ready yet?" and block on. Readiness is sampled on the
/// store's thread; <see cref="WhenReady"/> gives a task to wait on, so blocking and <c>poll</c> wait on tasks with the
/// store's interrupt token (deadline, client gone) and never spin.
/// </summary>
internal abstract class Pollable
{
    public abstract bool IsReady { get; }

    /// <summary>Completes (successfully or not) once <see cref="IsReady"/> would be true.</summary>
    public abstract Task WhenReady();

    /// <summary>Blocks the calling (store) thread until ready.</summary>
    /// <exception cref="OperationCanceledException">The store was interrupted; the guest is stopped by the resulting trap.</exception>
    public void Block(CancellationToken interrupt)
    {
        while (!IsReady)
        {
            Wait(WhenReady(), interrupt);
        }
    }

    /// <summary>The indexes of the ready pollables, blocking until there is at least one.</summary>
    public static List<uint> Poll(IReadOnlyList<Pollable> pollables, CancellationToken interrupt)
    {
        if (pollables.Count == 0)
        {
            // wasi:io says poll traps on an empty list: it would block forever.
            throw new InvalidOperationException("poll called with an empty list");
        }

        while (true)
        {
            var ready = new List<uint>();
            for (var i = 0; i < pollables.Count; i++)
            {
                if (pollables[i].IsReady)
                {
                    ready.Add((uint)i);
                }
            }

            if (ready.Count > 0)
            {
                return ready;
            }

            // Faulted tasks count as completed: the failure shows in the next operation on that source.
            Task.WaitAny(pollables.Select(p => p.WhenReady()).ToArray(), interrupt);
        }
    }

    private static void Wait(Task task, CancellationToken interrupt)
    {
        try
        {
            task.Wait(interrupt);
        }
        catch (AggregateException)
        {
            // A failed source is "ready": the next operation on it reports the failure.
        }
    }
}

/// <summary>Always ready: for things that never block (log streams, finished futures).</summary>
internal sealed class ReadyPollable : Pollable
{
    public override bool IsReady => true;

    public override Task WhenReady() => Task.CompletedTask;
}

/// <summary>Ready at a monotonic-clock instant (<see cref="Stopwatch"/> based, in nanoseconds).</summary>
internal sealed class TimerPollable(ulong readyAtNanoseconds) : Pollable
{
    private Task? _delay;

    public override bool IsReady => MonotonicClock.Now() >= readyAtNanoseconds;

    public override Task WhenReady()
    {
        var now = MonotonicClock.Now();
        if (now >= readyAtNanoseconds)
        {
            return Task.CompletedTask;
        }

        // Task.Delay has millisecond granularity; round up so the timer is ready when the task completes.
        return _delay ??= Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling((readyAtNanoseconds - now) / 1e6)));
    }
}

/// <summary>Ready when a task completes.</summary>
internal sealed class TaskPollable(Task task) : Pollable
{
    public override bool IsReady => task.IsCompleted;

    public override Task WhenReady() => task;
}

/// <summary>Ready when a source says so (streams, futures): readiness and waiting delegated.</summary>
internal sealed class DelegatingPollable(Func<bool> isReady, Func<Task> whenReady) : Pollable
{
    public override bool IsReady => isReady();

    public override Task WhenReady() => whenReady();
}

/// <summary><c>wasi:clocks/monotonic-clock</c> in nanoseconds since an arbitrary start.</summary>
internal static class MonotonicClock
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    public static ulong Now() => (ulong)(Stopwatch.GetTimestamp() * NanosecondsPerTick);

    public static ulong Resolution => Math.Max(1, (ulong)NanosecondsPerTick);
}
