using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Reconciliation;

/// <summary>
/// An optional capability of an <see cref="Abstractions.Ports.IResourceStore"/>: list with a filter applied before
/// objects are copied out, as the API server does with selectors. The in-memory store has it; against the Kubernetes
/// API, where an arbitrary filter cannot be sent along, <see cref="SharedLists"/> lists and filters instead.
/// </summary>
public interface IFilteringResourceStore
{
    /// <summary>
    /// The objects of a kind in a namespace (all when null) for which <paramref name="filter"/> is true, each a
    /// private copy. The filter sees the store's own instances: it must only read them, and be quick.
    /// </summary>
    Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, Func<T, bool> filter, CancellationToken cancellationToken = default) where T : KubeObject;
}
