namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// The C# objects behind the host resources of one store, indexed by the 32-bit <c>rep</c> Wasmtime carries in each
/// handle (the guest never sees a rep, so it cannot forge one). Wasmtime also carries our type id with the rep;
/// entries remember theirs and every lookup checks it. Single-threaded like the store.
/// </summary>
internal sealed class ResourceTable
{
    private readonly List<Entry> _entries = [];
    private readonly Stack<int> _free = new();

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="value"/> and returns its rep (never 0).</summary>
    public uint Add(uint type, object value)
    {
        int index;
        if (_free.TryPop(out var reused))
        {
            index = reused;
            _entries[index] = new Entry(type, value);
        }
        else
        {
            index = _entries.Count;
            _entries.Add(new Entry(type, value));
        }

        Count++;
        return (uint)index + 1;
    }

    /// <exception cref="InvalidOperationException">No such rep, or one of another type: a host bug, reported as a trap.</exception>
    public T Get<T>(uint rep, uint type)
        where T : class
    {
        var entry = EntryOf(rep, type);
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
        _entries[index] = default;
        _free.Push(index);
        Count--;
    }

    private readonly record struct Entry(uint Type, object? Value);
}
