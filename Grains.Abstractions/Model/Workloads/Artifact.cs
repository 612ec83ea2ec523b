using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.Artifact")]
public sealed class Artifact : KubeObject
{
    [Id(0)][JsonPropertyName("spec")][Required] public ArtifactSpec Spec { get; set; } = new();
    [Id(1)][JsonPropertyName("status")] public ArtifactStatus? Status { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.ArtifactSpec")]
public sealed class ArtifactSpec
{
    [Id(0)][JsonPropertyName("image")][Required] public string Image { get; set; } = "";
    [Id(1)][JsonPropertyName("imagePullSecret")] public NameReference? ImagePullSecret { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.ArtifactStatus")]
public sealed class ArtifactStatus
{
    [Id(0)][JsonPropertyName("conditions")] public List<Condition> Conditions { get; set; } = [];
    [Id(1)][JsonPropertyName("observedGeneration")] public long ObservedGeneration { get; set; }
    [Id(2)][JsonPropertyName("artifactUrl")] public string? ArtifactUrl { get; set; }
}
