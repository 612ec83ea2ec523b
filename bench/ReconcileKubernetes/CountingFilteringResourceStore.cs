using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Reconciliation;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>
/// <see cref="CountingResourceStore"/> over the in-memory store, keeping its filtered list (which the grains use
/// when the store offers it), so standalone mode is measured as it runs.
/// </summary>
internal sealed class CountingFilteringResourceStore(InMemoryResourceStore inner) : CountingResourceStore(inner), IFilteringResourceStore
{
    public Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, Func<T, bool> filter, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("List", typeof(T));
        return inner.ListAsync(@namespace, filter, cancellationToken);
    }
}
