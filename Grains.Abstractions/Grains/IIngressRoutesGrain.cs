using Orleans.Concurrency;
using Wasmcloud.Grains.Abstractions.Ingress;

namespace Wasmcloud.Grains.Abstractions.Grains;

/// <summary>
/// The routing table of the (deprecated) gateway, one per cluster (key: <see cref="Ingress.IngressRoutes.GrainKey"/>). The silo that feeds
/// the grains publishes whole tables; gateways follow them with long polls. It holds no state of its own: a new
/// activation is empty until the publisher notices (its stamp changed) and publishes again.
/// </summary>
[Alias("wasmcloud.IIngressRoutesGrain")]
public interface IIngressRoutesGrain : IGrainWithStringKey
{
    /// <summary>Replaces the table; returns its new stamp.</summary>
    [Alias("Publish")] Task<IngressRouteStamp> Publish(IngressRouteTable table);

    /// <summary>The stamp of the table held now; <see cref="IngressRouteStamp.None"/> before the first publication.</summary>
    [Alias("GetStamp"), AlwaysInterleave] Task<IngressRouteStamp> GetStamp();

    /// <summary>
    /// The table as soon as one whose stamp differs from <paramref name="known"/> is published, or null when none is
    /// within <paramref name="maxWait"/> (keep it under the client's response timeout).
    /// </summary>
    [Alias("WaitForChange"), AlwaysInterleave] Task<IngressRouteUpdate?> WaitForChange(IngressRouteStamp known, TimeSpan maxWait);
}
