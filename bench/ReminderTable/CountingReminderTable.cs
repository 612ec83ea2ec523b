namespace Wasmcloud.Bench.ReminderTable;

/// <summary>Passes every call to the real table and counts it, so the benchmark sees how often Orleans reads.</summary>
internal sealed class CountingReminderTable(IReminderTable inner, TableCallCounts counts) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        return TimedAsync(nameof(ReadRows) + "(grain)", () => inner.ReadRows(grainId, cancellationToken));
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        return TimedAsync(nameof(ReadRows) + "(range)", () => inner.ReadRows(begin, end, cancellationToken));
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        return TimedAsync(nameof(ReadRow), () => inner.ReadRow(grainId, reminderName, cancellationToken));
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        return TimedAsync(nameof(UpsertRow), () => inner.UpsertRow(entry, cancellationToken));
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        return TimedAsync(nameof(RemoveRow), () => inner.RemoveRow(grainId, reminderName, eTag, cancellationToken));
    }

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    private async Task<T> TimedAsync<T>(string call, Func<Task<T>> pending)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await pending();
        }
        finally
        {
            counts.Add(call, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable(cancellationToken);
}
