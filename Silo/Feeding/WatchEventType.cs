namespace Wasmcloud.Silo.Feeding;

/// <summary>The Kubernetes watch event types.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only a resourceVersion: the watcher is up to date to that point.</summary>
    Bookmark,
}
