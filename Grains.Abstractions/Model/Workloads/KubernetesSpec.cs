using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary><c>kubernetes.service.name</c>: the Service whose EndpointSlice the operator manages.</summary>
[GenerateSerializer]
[Alias("wasmcloud.KubernetesSpec")]
public sealed class KubernetesSpec
{
    [Id(0)][JsonPropertyName("service")] public NameReference? Service { get; set; }
}
