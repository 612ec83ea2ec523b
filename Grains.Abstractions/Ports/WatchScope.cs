using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>
/// The namespaces the operator watches, which in Kubernetes mode are the only ones its RBAC grants: the workload kinds
/// in <see cref="Namespaces"/> (empty: every namespace, for which the chart grants a ClusterRole; otherwise one Role
/// per namespace) and Hosts in <see cref="HostNamespace"/>. Whoever reads a kind across namespaces reads through
/// <see cref="ListAsync{T}"/>, so a silo granted a few namespaces never asks for the whole cluster and is refused.
/// </summary>
public sealed class WatchScope
{
    public WatchScope(IEnumerable<string> namespaces, string? hostNamespace)
    {
        Namespaces = [.. namespaces.Distinct(StringComparer.Ordinal)];
        HostNamespace = string.IsNullOrEmpty(hostNamespace) ? null : hostNamespace;
    }

    /// <summary>Every namespace, Hosts included: a silo that watches them all (standalone mode, tests).</summary>
    public static WatchScope AllNamespaces { get; } = new([], null);

    /// <summary>Namespaces watched for every kind but Host; empty: all of them.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>Where Host objects are watched; null: as every other kind.</summary>
    public string? HostNamespace { get; }

    /// <summary>Where <typeparamref name="T"/> is listed: each namespace in scope, or the whole cluster (null) when all are.</summary>
    public IReadOnlyList<string?> NamespacesOf<T>() where T : KubeObject =>
        typeof(T) == typeof(Host) && HostNamespace is not null ? [HostNamespace]
        : Namespaces.Count > 0 ? [.. Namespaces]
        : [null];

    /// <summary>Every <typeparamref name="T"/> in scope: one list per namespace, or one cluster-wide list.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(IResourceStore store, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var lists = await Task.WhenAll(NamespacesOf<T>().Select(ns => store.ListAsync<T>(ns, cancellationToken: cancellationToken)));
        return [.. lists.SelectMany(list => list)];
    }
}
