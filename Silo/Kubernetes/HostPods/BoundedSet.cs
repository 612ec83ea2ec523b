namespace Wasmcloud.Silo.Kubernetes.HostPods;

/// <summary>A set that forgets its oldest entries beyond a capacity: enough to drop repeats of recent news.</summary>
internal sealed class BoundedSet(int capacity)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Adds <paramref name="item"/>; false when it is already there.</summary>
    public bool Add(string item)
    {
        lock (_lock)
        {
            if (!_items.Add(item))
            {
                return false;
            }

            _order.Enqueue(item);
            if (_order.Count > capacity)
            {
                _items.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
