using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A host registered from its heartbeats. Its fields sit at the object root: there is no <c>spec</c>.</summary>
[GenerateSerializer]
[Alias("wasmcloud.Host")]
public sealed class Host : KubeObject
{
    [Id(0)][JsonPropertyName("hostId")][Required] public string HostId { get; set; } = "";
    [Id(1)][JsonPropertyName("hostname")] public string? Hostname { get; set; }
    [Id(2)][JsonPropertyName("httpPort")] public uint? HttpPort { get; set; }
    [Id(3)][JsonPropertyName("environment")] public string? Environment { get; set; }
    [Id(4)][JsonPropertyName("status")] public HostStatus? Status { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.HostStatus")]
public sealed class HostStatus
{
    [Id(0)][JsonPropertyName("conditions")] public List<Condition> Conditions { get; set; } = [];
    [Id(1)][JsonPropertyName("version")][Required] public string Version { get; set; } = "unknown";
    [Id(2)][JsonPropertyName("osName")][Required] public string OsName { get; set; } = "unknown";
    [Id(3)][JsonPropertyName("osArch")][Required] public string OsArch { get; set; } = "unknown";
    [Id(4)][JsonPropertyName("osKernel")][Required] public string OsKernel { get; set; } = "unknown";
    [Id(5)][JsonPropertyName("systemCPUUsage")][Required] public string SystemCpuUsage { get; set; } = "0";
    [Id(6)][JsonPropertyName("systemMemoryTotal")][Required] public long SystemMemoryTotal { get; set; }
    [Id(7)][JsonPropertyName("systemMemoryFree")][Required] public long SystemMemoryFree { get; set; }
    [Id(8)][JsonPropertyName("componentCount")] public long? ComponentCount { get; set; }
    [Id(9)][JsonPropertyName("workloadCount")] public long? WorkloadCount { get; set; }
    [Id(10)][JsonPropertyName("lastSeen")] public DateTimeOffset? LastSeen { get; set; }
}
