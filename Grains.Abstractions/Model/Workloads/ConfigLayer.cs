using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>Inline config, then ConfigMaps in order, then Secrets in order; the last writer wins.</summary>
[GenerateSerializer]
[Alias("wasmcloud.ConfigLayer")]
public class ConfigLayer
{
    [Id(0)][JsonPropertyName("config")] public Dictionary<string, string>? Config { get; set; }
    [Id(1)][JsonPropertyName("configFrom")] public List<NameReference>? ConfigFrom { get; set; }
    [Id(2)][JsonPropertyName("secretFrom")] public List<NameReference>? SecretFrom { get; set; }
}
