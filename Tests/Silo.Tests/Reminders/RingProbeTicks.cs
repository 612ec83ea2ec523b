using System.Collections.Concurrent;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>The silo that delivered the latest tick of each <see cref="RingProbeGrain"/>, by grain key.</summary>
public static class RingProbeTicks
{
    private static readonly ConcurrentDictionary<string, SiloAddress> Latest = new();

    public static void Record(string grainKey, SiloAddress silo) => Latest[grainKey] = silo;

    public static SiloAddress? LatestOf(string grainKey) => Latest.GetValueOrDefault(grainKey);

    public static void Forget(string grainKey) => Latest.TryRemove(grainKey, out _);
}
