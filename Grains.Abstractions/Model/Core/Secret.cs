using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A core/v1 Secret. Values are base64 in <c>data</c>; never log or show them.</summary>
[GenerateSerializer]
[Alias("wasmcloud.Secret")]
public sealed class Secret : KubeObject
{
    [Id(0)][JsonPropertyName("type")] public string? Type { get; set; }
    [Id(1)][JsonPropertyName("data")] public Dictionary<string, string>? Data { get; set; }
    [Id(2)][JsonPropertyName("stringData")] public Dictionary<string, string>? StringData { get; set; }

    public override string ToString() => $"Secret {Key} ({Data?.Count ?? 0} keys)";
}
