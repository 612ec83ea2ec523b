using System.Diagnostics;

namespace Wasmcloud.Bench.KeyValueCounter;

/// <summary>Runs <c>operations</c> calls of an operation from <c>concurrency</c> workers and times each.</summary>
internal static class Runner
{
    public static async Task<Measurement> RunAsync(string scenario, int concurrency, int operations, Func<Task> operation, CancellationToken cancellationToken)
    {
        var latencies = new TimeSpan[operations];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(
            async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < operations)
                {
                    var start = Stopwatch.GetTimestamp();
                    await operation();
                    latencies[index] = Stopwatch.GetElapsedTime(start);
                }
            },
            cancellationToken)));
        total.Stop();
        return new Measurement(scenario, concurrency, operations, total.Elapsed, latencies);
    }
}
