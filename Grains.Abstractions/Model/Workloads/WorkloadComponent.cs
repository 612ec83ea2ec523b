using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.WorkloadComponent")]
public sealed class WorkloadComponent
{
    [Id(0)][JsonPropertyName("name")][Required] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("image")][Required] public string Image { get; set; } = "";
    [Id(2)][JsonPropertyName("imagePullSecret")] public NameReference? ImagePullSecret { get; set; }
    [Id(3)][JsonPropertyName("imagePullPolicy")][AllowedValues(PullPolicies.Always, PullPolicies.IfNotPresent, PullPolicies.Never)] public string? ImagePullPolicy { get; set; }
    [Id(4)][JsonPropertyName("poolSize")][Range(0, int.MaxValue)] public int? PoolSize { get; set; }
    [Id(5)][JsonPropertyName("maxInvocations")][Range(0, int.MaxValue)] public int? MaxInvocations { get; set; }
    [Id(6)][JsonPropertyName("maxConcurrency")][Range(0, int.MaxValue)] public int? MaxConcurrency { get; set; }
    [Id(7)][JsonPropertyName("localResources")] public LocalResources? LocalResources { get; set; }
}
