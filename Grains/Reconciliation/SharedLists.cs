using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Grains.Reconciliation;

/// <summary>
/// How grains read a filtered list (a ReplicaSet its Workloads, a Host grain its Host object, a Service its
/// Workloads): in the store when it can filter, otherwise with one read shared by every grain that asks meanwhile.
/// Either way a burst of activations no longer costs a full list each, which is quadratic (a thousand ReplicaSets in
/// one namespace reading five thousand Workloads each) and, in Kubernetes, a LIST per activation.
/// </summary>
/// <remarks>
/// A caller never joins a read already under way, only the next one to start, so what it gets is at least as fresh
/// as a read of its own would have been: sharing changes the cost, never what a grain can see.
/// </remarks>
public sealed class SharedLists
{
    private readonly IResourceStore _store;
    private readonly Lock _lock = new();
    private readonly Dictionary<(Type Kind, string? Namespace), Slot> _slots = [];

    public SharedLists(IResourceStore store)
    {
        _store = store;
    }

    /// <summary>
    /// The objects of a kind in a namespace (all when null) for which <paramref name="filter"/> is true, as of this
    /// call or later, each a private copy. The filter may see instances shared with other callers: it must only read.
    /// </summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, Func<T, bool> filter, CancellationToken cancellationToken = default) where T : KubeObject
    {
        if (_store is IFilteringResourceStore filtering)
        {
            return await filtering.ListAsync(@namespace, filter, cancellationToken);
        }

        var all = await ReadSharedAsync<T>(@namespace, cancellationToken);
        return [.. all.Where(filter).Select(ModelJson.Clone)];
    }

    private async Task<IReadOnlyList<T>> ReadSharedAsync<T>(string? @namespace, CancellationToken cancellationToken) where T : KubeObject
    {
        var key = (typeof(T), @namespace);
        TaskCompletionSource<object> read;
        var start = false;
        lock (_lock)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                _slots[key] = slot = new Slot();
            }

            if (slot.Running is null)
            {
                slot.Running = read = NewRead();
                start = true;
            }
            else
            {
                read = slot.Next ??= NewRead();
            }
        }

        if (start)
        {
            // Off the caller's activation: the read serves other grains too, and must outlive this one's request.
            _ = Task.Run(() => ReadAsync<T>(key, read), CancellationToken.None);
        }

        return (IReadOnlyList<T>)await read.Task.WaitAsync(cancellationToken);
    }

    private async Task ReadAsync<T>((Type Kind, string? Namespace) key, TaskCompletionSource<object> read) where T : KubeObject
    {
        while (true)
        {
            try
            {
                read.TrySetResult(await _store.ListAsync<T>(key.Namespace));
            }
            catch (Exception ex)
            {
                read.TrySetException(ex);
            }

            lock (_lock)
            {
                var slot = _slots[key];
                if (slot.Next is null)
                {
                    _slots.Remove(key);
                    return;
                }

                // Everyone who asked while the last read ran shares the next one.
                read = slot.Running = slot.Next;
                slot.Next = null;
            }
        }
    }

    private static TaskCompletionSource<object> NewRead() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Slot
    {
        public TaskCompletionSource<object>? Running { get; set; }

        public TaskCompletionSource<object>? Next { get; set; }
    }
}
