using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.WorkloadDeployment")]
public sealed class WorkloadDeployment : KubeObject
{
    [Id(0)][JsonPropertyName("spec")][Required] public WorkloadDeploymentSpec Spec { get; set; } = new();
    [Id(1)][JsonPropertyName("status")] public WorkloadDeploymentStatus? Status { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.WorkloadDeploymentSpec")]
public sealed class WorkloadDeploymentSpec
{
    [Id(0)][JsonPropertyName("replicas")][DefaultValue(1)] public int Replicas { get; set; } = 1;
    [Id(1)][JsonPropertyName("template")][Required] public WorkloadTemplate Template { get; set; } = new();
    [Id(2)][JsonPropertyName("deployPolicy")][DefaultValue(DeployPolicies.RollingUpdate)] public string DeployPolicy { get; set; } = DeployPolicies.RollingUpdate;
    [Id(3)][JsonPropertyName("artifacts")] public List<ArtifactMapping>? Artifacts { get; set; }
    [Id(4)][JsonPropertyName("kubernetes")] public KubernetesSpec? Kubernetes { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.ArtifactMapping")]
public sealed class ArtifactMapping
{
    [Id(0)][JsonPropertyName("name")][Required] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("artifactFrom")][Required] public NameReference ArtifactFrom { get; set; } = new();
}

[GenerateSerializer]
[Alias("wasmcloud.WorkloadDeploymentStatus")]
public sealed class WorkloadDeploymentStatus
{
    [Id(0)][JsonPropertyName("conditions")] public List<Condition> Conditions { get; set; } = [];
    [Id(1)][JsonPropertyName("currentReplicaSet")] public NameReference? CurrentReplicaSet { get; set; }
    [Id(2)][JsonPropertyName("previousReplicaSet")] public NameReference? PreviousReplicaSet { get; set; }
    [Id(3)][JsonPropertyName("replicas")] public ReplicaCounts? Replicas { get; set; }
    [Id(4)][JsonPropertyName("currentReplicas")] public int CurrentReplicas { get; set; }
    [Id(5)][JsonPropertyName("selector")] public string? Selector { get; set; }
}

public static class DeployPolicies
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Recreate = "Recreate";
}
