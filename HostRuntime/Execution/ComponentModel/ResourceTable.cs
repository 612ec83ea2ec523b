namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// The C# objects behind the host resources of one store, indexed by the 32-bit <c>rep</c> Wasmtime carries in each
/// handle (the guest never sees a rep, so it cannot forge one). Wasmtime also carries our type id with the rep;
/// entries remember theirs and every lookup checks it. Single-threaded like the store.
/// </summary>
/// <remarks>
/// A warm instance serves many calls from one table, so entries also remember the call (<see cref="BeginScope"/>)
/// that made them: <see cref="ScopedCount"/> says whether the guest still holds anything from the current call, and
/// <see cref="RevokeScoped"/> cuts such leftovers off from the request they belonged to.
/// </remarks>
internal sealed class ResourceTable
{
    private readonly List<Entry> _entries = [];
    private readonly Stack<int> _free = new();
    private int _scope;

    public int Count { get; private set; }

    /// <summary>Entries made since the last <see cref="BeginScope"/> and still in the table.</summary>
    public int ScopedCount { get; private set; }

    /// <summary>
    /// Ends the current call's entries that the guest still holds, except those <paramref name="outlivesCall"/> keeps:
    /// each object is disposed and its slot keeps a tombstone until the guest drops the handle. The slot is not reused
    /// before that, so a stale handle can never reach another call's object; using it fails (a trap) with a message
    /// saying its request has ended. Returns how many entries were revoked.
    /// </summary>
    public int RevokeScoped(Func<uint, object, bool> outlivesCall)
    {
        var revoked = 0;
        if (ScopedCount == 0)
        {
            return revoked;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Value is null || entry.Scope != _scope || entry.Value is Revoked || outlivesCall(entry.Type, entry.Value))
            {
                continue;
            }

            _entries[i] = entry with { Value = Revoked.Instance };
            revoked++;
            (entry.Value as IDisposable)?.Dispose();
        }

        ScopedCount = 0;
        return revoked;
    }

    /// <summary>Starts a new call: entries from here on count in <see cref="ScopedCount"/>.</summary>
    public void BeginScope()
    {
        _scope++;
        ScopedCount = 0;
    }

    /// <summary>Adds <paramref name="value"/> and returns its rep (never 0).</summary>
    public uint Add(uint type, object value)
    {
        int index;
        if (_free.TryPop(out var reused))
        {
            index = reused;
            _entries[index] = new Entry(type, value, _scope);
        }
        else
        {
            index = _entries.Count;
            _entries.Add(new Entry(type, value, _scope));
        }

        Count++;
        ScopedCount++;
        return (uint)index + 1;
    }

    /// <exception cref="InvalidOperationException">No such rep, or one of another type: a host bug, reported as a trap.</exception>
    public T Get<T>(uint rep, uint type)
        where T : class
    {
        var entry = EntryOf(rep, type);
        if (entry.Value is Revoked)
        {
            throw new InvalidOperationException($"resource {rep} of type {type} belonged to a request that has ended");
        }

        return entry.Value as T ?? throw new InvalidOperationException($"resource {rep} of type {type} is a {entry.Value!.GetType().Name}, not a {typeof(T).Name}");
    }

    /// <summary>Removes and returns the object without disposing it: ownership moved to the caller.</summary>
    public T Take<T>(uint rep, uint type)
        where T : class
    {
        var value = Get<T>(rep, type);
        Free(rep);
        return value;
    }

    /// <summary>The guest dropped its handle: remove and dispose. Unknown reps are ignored (already taken).</summary>
    public void Drop(uint rep)
    {
        var index = (int)rep - 1;
        if (index < 0 || index >= _entries.Count || _entries[index].Value is not { } value)
        {
            return;
        }

        Free(rep);
        (value as IDisposable)?.Dispose();
    }

    /// <summary>Disposes whatever the guest still held when the store ends.</summary>
    public void Clear()
    {
        foreach (var entry in _entries)
        {
            (entry.Value as IDisposable)?.Dispose();
        }

        _entries.Clear();
        _free.Clear();
        Count = 0;
        ScopedCount = 0;
    }

    private Entry EntryOf(uint rep, uint type)
    {
        var index = (int)rep - 1;
        if (index < 0 || index >= _entries.Count || _entries[index].Value is null)
        {
            throw new InvalidOperationException($"unknown resource {rep}");
        }

        var entry = _entries[index];
        return entry.Type == type ? entry : throw new InvalidOperationException($"resource {rep} has type {entry.Type}, expected {type}");
    }

    private void Free(uint rep)
    {
        var index = (int)rep - 1;
        if (_entries[index].Scope == _scope)
        {
            ScopedCount--;
        }

        _entries[index] = default;
        _free.Push(index);
        Count--;
    }

    private readonly record struct Entry(uint Type, object? Value, int Scope);

    /// <summary>What a revoked entry holds: nothing of the call that made it.</summary>
    private sealed class Revoked
    {
        public static readonly Revoked Instance = new();
    }
}
