using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>
/// The API server as the grains see it: the Kubernetes API in Kubernetes mode, an in-memory store with the
/// same resourceVersion, generation and finalizer semantics in standalone mode and in tests.
/// </summary>
public interface IResourceStore
{
    Task<T?> GetAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default) where T : KubeObject;

    /// <summary>Lists objects of a kind, in one namespace or all (<paramref name="namespace"/> null), optionally by exact label match.</summary>
    Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) where T : KubeObject;

    /// <summary>Creates the object; throws <see cref="ResourceConflictException"/> when the name is taken.</summary>
    Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject;

    /// <summary>Replaces metadata and spec (not status). Throws <see cref="ResourceConflictException"/> when its resourceVersion is stale.</summary>
    Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject;

    /// <summary>Writes the status subresource. Throws <see cref="ResourceConflictException"/> when a set resourceVersion is stale.</summary>
    Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject;

    /// <summary>Deletes the object (marks it when finalizers remain). Missing objects are not an error.</summary>
    Task DeleteAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default) where T : KubeObject;

    /// <summary>Records a Kubernetes Event about an object.</summary>
    Task RecordEventAsync(KubeObject about, string type, string reason, string message, string? action = null, CancellationToken cancellationToken = default);
}
