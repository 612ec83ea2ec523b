namespace Wasmcloud.Grains.Abstractions.Ingress;

/// <summary>
/// Which table a routes grain holds: its activation (a fresh one after a silo loss holds nothing) and the table's
/// number within it. Followers compare stamps for equality only.
/// </summary>
[GenerateSerializer]
[Alias("wasmcloud.IngressRouteStamp")]
public sealed record IngressRouteStamp(
    [property: Id(0)] Guid Activation,
    [property: Id(1)] long Version)
{
    /// <summary>Nothing seen yet.</summary>
    public static IngressRouteStamp None { get; } = new(Guid.Empty, 0);
}
