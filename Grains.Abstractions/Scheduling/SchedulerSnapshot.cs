namespace Wasmcloud.Grains.Abstractions.Scheduling;

[GenerateSerializer]
[Alias("wasmcloud.SchedulerSnapshot")]
public sealed record SchedulerSnapshot(
    [property: Id(0)] IReadOnlyList<HostInventoryEntry> Hosts,
    [property: Id(1)] IReadOnlyDictionary<string, int> PlacedPerHost,
    [property: Id(2)] long Decisions);
