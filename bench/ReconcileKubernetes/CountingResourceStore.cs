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
    private long _conflicts;

    /// <summary>Calls so far, keyed "operation kind" (e.g. "UpdateStatus Workload").</summary>
    public IReadOnlyDictionary<string, long> Calls => new Dictionary<string, long>(_calls);

    /// <summary>Writes refused because the object changed since it was read (409 in Kubernetes); each costs a retry.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

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
        return CountConflicts(inner.CreateAsync(obj, cancellationToken));
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("Update", typeof(T));
        return CountConflicts(inner.UpdateAsync(obj, cancellationToken));
    }

    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        Count("UpdateStatus", typeof(T));
        return CountConflicts(inner.UpdateStatusAsync(obj, cancellationToken));
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

    private async Task<T> CountConflicts<T>(Task<T> write)
    {
        try
        {
            return await write;
        }
        catch (ResourceConflictException)
        {
            Interlocked.Increment(ref _conflicts);
            throw;
        }
    }

    protected void Count(string operation, Type kind) => _calls.AddOrUpdate($"{operation} {kind.Name}", 1, (_, n) => n + 1);
}
