using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.WorkloadReplicaSet")]
public sealed class WorkloadReplicaSet : KubeObject
{
    [Id(0)][JsonPropertyName("spec")][Required] public WorkloadReplicaSetSpec Spec { get; set; } = new();
    [Id(1)][JsonPropertyName("status")] public WorkloadReplicaSetStatus? Status { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.WorkloadReplicaSetSpec")]
public sealed class WorkloadReplicaSetSpec
{
    [Id(0)][JsonPropertyName("replicas")][DefaultValue(1)] public int Replicas { get; set; } = 1;
    [Id(1)][JsonPropertyName("template")][Required] public WorkloadTemplate Template { get; set; } = new();
}

[GenerateSerializer]
[Alias("wasmcloud.WorkloadReplicaSetStatus")]
public sealed class WorkloadReplicaSetStatus
{
    [Id(0)][JsonPropertyName("conditions")] public List<Condition> Conditions { get; set; } = [];
    [Id(1)][JsonPropertyName("replicas")] public ReplicaCounts? Replicas { get; set; }
}
