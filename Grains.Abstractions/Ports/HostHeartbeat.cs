namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>What a host reports about itself (<c>wasmcloud.runtime.v2.HostHeartbeat</c>, minus plugin worlds).</summary>
[GenerateSerializer]
[Alias("wasmcloud.HostHeartbeat")]
public sealed record HostHeartbeat
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? Hostname { get; init; }
    [Id(2)] public required string FriendlyName { get; init; }
    [Id(3)] public string? Version { get; init; }
    [Id(4)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    [Id(5)] public DateTimeOffset? StartedAt { get; init; }
    [Id(6)] public string? OsArch { get; init; }
    [Id(7)] public string? OsName { get; init; }
    [Id(8)] public string? OsKernel { get; init; }
    [Id(9)] public float SystemCpuUsage { get; init; }
    [Id(10)] public ulong SystemMemoryTotal { get; init; }
    [Id(11)] public ulong SystemMemoryFree { get; init; }
    [Id(12)] public ulong ComponentCount { get; init; }
    [Id(13)] public ulong WorkloadCount { get; init; }
    [Id(14)] public uint HttpPort { get; init; }
    [Id(15)] public string? Environment { get; init; }
}
