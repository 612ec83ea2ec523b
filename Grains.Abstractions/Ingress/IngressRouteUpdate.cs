namespace Wasmcloud.Grains.Abstractions.Ingress;

/// <summary>A published table and its stamp, as a follower receives it.</summary>
[GenerateSerializer]
[Alias("wasmcloud.IngressRouteUpdate")]
public sealed record IngressRouteUpdate(
    [property: Id(0)] IngressRouteStamp Stamp,
    [property: Id(1)] IngressRouteTable Table);
