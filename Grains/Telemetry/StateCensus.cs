using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Wasmcloud.Grains.Telemetry;

/// <summary>
/// The current state of every object of one kind that this silo holds, counted by state when scraped. Grains set
/// their state after each pass and clear it when they let go, so the counts cannot drift the way paired
/// increments and decrements can when a pass fails half-way.
/// </summary>
public sealed class StateCensus(string tagName, IReadOnlyList<string> knownStates)
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);

    public void Set(string key, string state) => _states[key] = state;

    public void Clear(string key) => _states.TryRemove(key, out _);

    /// <summary>The state <paramref name="key"/> is counted in; null when it is not counted.</summary>
    public string? StateOf(string key) => _states.GetValueOrDefault(key);

    /// <summary>How many objects are in <paramref name="state"/> now.</summary>
    public int Count(string state) => _states.Values.Count(s => s == state);

    internal IEnumerable<Measurement<int>> Observe()
    {
        var counts = knownStates.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var state in _states.Values)
        {
            counts[state] = counts.GetValueOrDefault(state) + 1;
        }

        return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>(tagName, c.Key)));
    }
}
