using Wasmcloud.Grains.Abstractions.Ingress;
using Wasmcloud.Protocol;

namespace Wasmcloud.Silo.Gateway;

/// <summary>The routing table the gateway serves from: the latest one published, swapped whole, read without locks.</summary>
public sealed class GatewayRoutes
{
    private volatile IngressRouteTable? _table;

    /// <summary>True once a table has arrived from the silos; until then the gateway is not ready.</summary>
    public bool HasTable => _table is not null;

    public void Replace(IngressRouteTable table) => _table = table;

    /// <summary>The backends for a request's host (any case, port ignored); null when no workload claims the name.</summary>
    public IReadOnlyList<string>? BackendsFor(string host) =>
        _table is { } table && table.Routes.TryGetValue(HostNames.Normalize(host), out var backends) ? backends : null;
}
