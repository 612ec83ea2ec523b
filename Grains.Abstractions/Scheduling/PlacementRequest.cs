namespace Wasmcloud.Grains.Abstractions.Scheduling;

/// <summary>Where may this workload go? Everything the scheduler needs, already resolved by the Workload grain.</summary>
[GenerateSerializer]
[Alias("wasmcloud.PlacementRequest")]
public sealed record PlacementRequest
{
    /// <summary>"namespace/name" of the Workload.</summary>
    [Id(0)] public required string WorkloadKey { get; init; }

    /// <summary>Replicas of one group (a ReplicaSet) are spread across hosts.</summary>
    [Id(1)] public string? SpreadGroup { get; init; }

    [Id(2)] public IReadOnlyDictionary<string, string> HostSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>Only hosts with this environment; null = any.</summary>
    [Id(3)] public string? Environment { get; init; }

    /// <summary>Hosts that refused or lost this workload recently; tried only when nothing else fits.</summary>
    [Id(4)] public IReadOnlyCollection<string> AvoidHosts { get; init; } = [];

    /// <summary>Memory the workload is expected to take, for capacity accounting.</summary>
    [Id(5)] public long MemoryBytes { get; init; }
}
