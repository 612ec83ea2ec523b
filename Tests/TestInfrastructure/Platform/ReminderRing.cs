using Orleans.Configuration;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// Which silo's reminder service fires a grain's reminders, computed from outside the cluster the way Orleans does it
/// inside: every Active silo puts <see cref="ConsistentRingOptions.DEFAULT_NUM_VIRTUAL_RING_BUCKETS"/> points on the
/// ring (its address's uniform hash codes; on a collision the lesser address keeps the point), and a grain hash
/// belongs to the first point at or after it, wrapping past the top ("clockwise", as Orleans'
/// <c>VirtualBucketsRingProvider</c> assigns ranges). Lets a test pick reminders the silo it kills was firing.
/// </summary>
public sealed class ReminderRing
{
    private readonly (uint Point, string SiloName)[] _points;

    public ReminderRing(IEnumerable<(string SiloName, SiloAddress Address)> activeSilos)
    {
        var points = new SortedDictionary<uint, (string SiloName, SiloAddress Address)>();
        foreach (var silo in activeSilos)
        {
            foreach (var point in silo.Address.GetUniformHashCodes(ConsistentRingOptions.DEFAULT_NUM_VIRTUAL_RING_BUCKETS))
            {
                if (!points.TryGetValue(point, out var other) || silo.Address.CompareTo(other.Address) < 0)
                {
                    points[point] = silo;
                }
            }
        }

        _points = [.. points.Select(p => (p.Key, p.Value.SiloName))];
    }

    /// <summary>The silo whose reminder service owns <paramref name="grainHash"/> (a grain's uniform hash code).</summary>
    public string OwnerOf(uint grainHash)
    {
        if (_points.Length == 0)
        {
            throw new InvalidOperationException("the ring has no silos");
        }

        foreach (var (point, silo) in _points)
        {
            if (point >= grainHash)
            {
                return silo;
            }
        }

        return _points[0].SiloName;
    }
}
