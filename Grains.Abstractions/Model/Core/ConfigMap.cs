using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.ConfigMap")]
public sealed class ConfigMap : KubeObject
{
    [Id(0)][JsonPropertyName("data")] public Dictionary<string, string>? Data { get; set; }
}
