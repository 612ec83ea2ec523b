using System.Text.Json.Serialization;

namespace Wasmcloud.Silo.Clustering;

/// <summary>One vote that a silo is dead: who suspected it and when (UTC, round-trip format).</summary>
public sealed class SuspicionRecord
{
    [JsonPropertyName("silo")]
    public string Silo { get; set; } = "";

    [JsonPropertyName("time")]
    public string Time { get; set; } = "";
}
