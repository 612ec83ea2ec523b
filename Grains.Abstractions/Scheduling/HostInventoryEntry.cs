namespace Wasmcloud.Grains.Abstractions.Scheduling;

/// <summary>A host as the scheduler sees it, pushed by its Host grain whenever it changes.</summary>
[GenerateSerializer]
[Alias("wasmcloud.HostInventoryEntry")]
public sealed record HostInventoryEntry
{
    [Id(0)] public required string HostId { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    [Id(3)] public string? Environment { get; init; }
    [Id(4)] public bool Ready { get; init; }
    [Id(5)] public long MemoryFreeBytes { get; init; }
    [Id(6)] public long MemoryTotalBytes { get; init; }
    [Id(7)] public float CpuUsagePercent { get; init; }

    /// <summary>Workloads the host itself reports; the scheduler adds those it placed since.</summary>
    [Id(8)] public long ReportedWorkloads { get; init; }
}
