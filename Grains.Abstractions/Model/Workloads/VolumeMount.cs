using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.VolumeMount")]
public sealed class VolumeMount
{
    [Id(0)][JsonPropertyName("name")][Required] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("mountPath")][Required] public string MountPath { get; set; } = "";
    [Id(2)][JsonPropertyName("readOnly")] public bool? ReadOnly { get; set; }
}
