using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.Workload")]
public sealed class Workload : KubeObject
{
    [Id(0)][JsonPropertyName("spec")][Required] public WorkloadSpec Spec { get; set; } = new();
    [Id(1)][JsonPropertyName("status")] public WorkloadStatus? Status { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.WorkloadStatus")]
public sealed class WorkloadStatus
{
    [Id(0)][JsonPropertyName("conditions")] public List<Condition> Conditions { get; set; } = [];
    [Id(1)][JsonPropertyName("hostId")] public string? HostId { get; set; }
    [Id(2)][JsonPropertyName("environment")] public string? Environment { get; set; }
    [Id(3)][JsonPropertyName("workloadId")] public string? WorkloadId { get; set; }
}
