namespace Wasmcloud.Grains.Abstractions.Ingress;

/// <summary>
/// What the gateway routes by: every host name a Workload's wasi:http entry claims, with the HTTP addresses of the
/// Ready hosts running a Ready replica that claims it. A name whose list is empty is known but has no ready backend.
/// </summary>
[GenerateSerializer]
[Alias("wasmcloud.IngressRouteTable")]
public sealed record IngressRouteTable
{
    public static IngressRouteTable Empty { get; } = new();

    /// <summary>Host name (lower case, no port) → backend addresses (<c>host:port</c>), sorted.</summary>
    [Id(0)] public IReadOnlyDictionary<string, IReadOnlyList<string>> Routes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
