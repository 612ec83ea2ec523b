using System.Collections.Concurrent;

namespace Wasmcloud.Bench.ReminderTable;

/// <summary>Table calls by kind: how many, and the wall time they took in total.</summary>
internal sealed class TableCallCounts
{
    private readonly ConcurrentDictionary<string, (int Count, TimeSpan Elapsed)> _calls = new();

    public void Add(string call, TimeSpan elapsed) =>
        _calls.AddOrUpdate(call, (1, elapsed), (_, total) => (total.Count + 1, total.Elapsed + elapsed));

    public IReadOnlyDictionary<string, (int Count, TimeSpan Elapsed)> Snapshot() => new Dictionary<string, (int, TimeSpan)>(_calls);

    public void Reset() => _calls.Clear();
}
