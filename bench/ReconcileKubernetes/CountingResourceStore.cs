using System.Collections.Concurrent;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>
/// The grains' store, counting each call by operation and kind: the same measure in both modes, whatever each call
/// costs underneath (a dictionary lookup, or one or more HTTP requests).
/// </summary>
internal class CountingResourceStore(IResourceStore inner) : IResourceStore
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);

    /// <summary>Calls so far, keyed "operation kind" (e.g. "UpdateStatus Workload").</summary>
    public IReadOnlyDictionary<string, long> Calls => new Dictionary<string, long>(_calls);

    public Task<T?> GetAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("Get", typeof(T));
        return inner.GetAsync<T>(@namespace, name, cancellationToken);
    }

    public Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("List", typeof(T));
        return inner.ListAsync<T>(@namespace, labels, cancellationToken);
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("Create", typeof(T));
        return inner.CreateAsync(obj, cancellationToken);
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("Update", typeof(T));
        return inner.UpdateAsync(obj, cancellationToken);
    }

    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("UpdateStatus", typeof(T));
        return inner.UpdateStatusAsync(obj, cancellationToken);
    }

    public Task DeleteAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("Delete", typeof(T));
        return inner.DeleteAsync<T>(@namespace, name, cancellationToken);
    }

    public Task RecordEventAsync(KubeObject about, string type, string reason, string message, string? action = null, CancellationToken cancellationToken = default)
    {
        Count("RecordEvent", typeof(KubeEvent));
        return inner.RecordEventAsync(about, type, reason, message, action, cancellationToken);
    }

    protected void Count(string operation, Type kind) => _calls.AddOrUpdate($"{operation} {kind.Name}", 1, (_, n) => n + 1);
}
