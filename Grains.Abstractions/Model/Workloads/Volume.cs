using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A workload volume: exactly one of <c>ephemeral</c> or <c>hostPath</c>.</summary>
[GenerateSerializer]
[Alias("wasmcloud.Volume")]
public sealed class Volume
{
    [Id(0)][JsonPropertyName("name")][Required] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("ephemeral")] public EphemeralVolume? Ephemeral { get; set; }
    [Id(2)][JsonPropertyName("hostPath")] public HostPathVolume? HostPath { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.EphemeralVolume")]
public sealed class EphemeralVolume;

[GenerateSerializer]
[Alias("wasmcloud.HostPathVolume")]
public sealed class HostPathVolume
{
    [Id(0)][JsonPropertyName("path")][Required] public string Path { get; set; } = "";
}
