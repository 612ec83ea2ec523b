using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.WorkloadComponent")]
public sealed class WorkloadComponent
{
    [Id(0)][JsonPropertyName("name")] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("image")] public string Image { get; set; } = "";
    [Id(2)][JsonPropertyName("imagePullSecret")] public NameReference? ImagePullSecret { get; set; }
    [Id(3)][JsonPropertyName("imagePullPolicy")] public string? ImagePullPolicy { get; set; }
    [Id(4)][JsonPropertyName("poolSize")] public int? PoolSize { get; set; }
    [Id(5)][JsonPropertyName("maxInvocations")] public int? MaxInvocations { get; set; }
    [Id(6)][JsonPropertyName("maxConcurrency")] public int? MaxConcurrency { get; set; }
    [Id(7)][JsonPropertyName("localResources")] public LocalResources? LocalResources { get; set; }
}
