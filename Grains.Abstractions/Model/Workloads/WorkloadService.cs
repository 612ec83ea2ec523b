using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>The optional long-running component of a workload (its "localhost" sidecar).</summary>
[GenerateSerializer]
[Alias("wasmcloud.WorkloadService")]
public sealed class WorkloadService
{
    [Id(0)][JsonPropertyName("image")][Required] public string Image { get; set; } = "";
    [Id(1)][JsonPropertyName("imagePullSecret")] public NameReference? ImagePullSecret { get; set; }
    [Id(2)][JsonPropertyName("imagePullPolicy")][AllowedValues(PullPolicies.Always, PullPolicies.IfNotPresent, PullPolicies.Never)] public string? ImagePullPolicy { get; set; }

    // Serialised without omitempty in the reference CRD, so always written.
    [Id(3)]
    [JsonPropertyName("maxRestarts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int MaxRestarts { get; set; }

    [Id(4)][JsonPropertyName("localResources")] public LocalResources? LocalResources { get; set; }
}
