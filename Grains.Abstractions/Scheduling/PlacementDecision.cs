namespace Wasmcloud.Grains.Abstractions.Scheduling;

[GenerateSerializer]
[Alias("wasmcloud.PlacementDecision")]
public sealed record PlacementDecision(
    [property: Id(0)] string? HostId,
    [property: Id(1)] string? HostEnvironment,
    [property: Id(2)] string Explanation)
{
    public bool Placed => HostId is not null;

    public static PlacementDecision NoHost(string explanation) => new(null, null, explanation);
}
