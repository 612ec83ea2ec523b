namespace Wasmcloud.Silo.Standalone;

/// <summary>Limits of the in-memory API server.</summary>
public sealed class InMemoryResourceStoreOptions
{
    public const string SectionName = "Standalone:Store";

    /// <summary>How many changes a watch can be resumed across; older resourceVersions get a 410.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>
    /// A watcher that saw nothing of its kind for this many changes of other kinds gets a bookmark, so a quiet
    /// kind's resourceVersion never falls out of the shared history.
    /// </summary>
    public int BookmarkInterval { get; set; } = 1_000;

    /// <summary>Events beyond this count are dropped, oldest first (the API server expires them after an hour).</summary>
    public int MaxEvents { get; set; } = 5_000;
}
