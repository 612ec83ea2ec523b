using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Tests.Feeding;

/// <summary>Keeps every change an informer hands on, in order.</summary>
internal sealed class RecordingHandler : IResourceEventHandler
{
    private readonly Lock _lock = new();
    private readonly List<ResourceEvent> _changes = [];

    public IReadOnlyList<ResourceEvent> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>(type, name, synthetic) of every change: easy to compare.</summary>
    public IReadOnlyList<(WatchEventType Type, string Name, bool Synthetic)> Summary =>
        Changes.Select(c => (c.Type, c.Object.Name, c.Synthetic)).ToList();

    public ValueTask HandleAsync(ResourceEvent change, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _changes.Add(change);
        }

        return ValueTask.CompletedTask;
    }

    public Task WaitForCountAsync(int count) =>
        AsyncStreams.EventuallyAsync(() => Changes.Count >= count, $"{count} changes were handed on (have {Changes.Count})");
}
