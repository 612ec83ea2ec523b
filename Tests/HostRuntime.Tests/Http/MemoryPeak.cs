namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// The highest live managed heap and working set seen since a baseline taken after a full collection, sampled by the
/// caller as work progresses (after every chunk sent or received), so no timer is involved. The heap is the one the
/// latest collection left, so short-lived garbage (bounded by the gen0 budget, whatever the body size) does not count,
/// while anything that holds on to body bytes does.
/// </summary>
internal sealed class MemoryPeak
{
    private readonly long _heapBaseline;
    private readonly long _workingSetBaseline;
    private readonly int _collections;
    private long _heapPeak;
    private long _workingSetPeak;

    public MemoryPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _heapBaseline = _heapPeak = GC.GetGCMemoryInfo().HeapSizeBytes;
        _collections = GC.CollectionCount(0);
        _workingSetBaseline = _workingSetPeak = Environment.WorkingSet;
    }

    /// <summary>How far the managed heap left by a collection rose above the baseline.</summary>
    public long HeapGrowth => Interlocked.Read(ref _heapPeak) - _heapBaseline;

    /// <summary>Gen0 collections since the baseline: with none, <see cref="HeapGrowth"/> would say nothing.</summary>
    public int Collections => GC.CollectionCount(0) - _collections;

    /// <summary>How far the process's resident memory (managed, native and guest memories) rose above the baseline.</summary>
    public long WorkingSetGrowth => Interlocked.Read(ref _workingSetPeak) - _workingSetBaseline;

    public void Sample()
    {
        Raise(ref _heapPeak, GC.GetGCMemoryInfo().HeapSizeBytes);
        Raise(ref _workingSetPeak, Environment.WorkingSet);
    }

    private static void Raise(ref long peak, long value)
    {
        var seen = Interlocked.Read(ref peak);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref peak, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
