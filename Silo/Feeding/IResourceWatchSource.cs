using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Feeding;

/// <summary>
/// List and watch of one kind, as the API server offers them: the in-memory store in standalone mode, the
/// Kubernetes API otherwise. Informers are written against this contract only.
/// </summary>
public interface IResourceWatchSource
{
    /// <summary>Lists a kind in one namespace, or in all of them when <paramref name="namespace"/> is null.</summary>
    Task<ResourceList> ListAsync(KubeKind kind, string? @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Streams every change after <paramref name="fromResourceVersion"/>, plus bookmarks. The stream may end at any
    /// time (the server closes watches); resume from the last resourceVersion seen. Enumerating throws
    /// <see cref="ResourceExpiredException"/> when that version is no longer in the server's history.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(KubeKind kind, string? @namespace, string fromResourceVersion, CancellationToken cancellationToken);
}
