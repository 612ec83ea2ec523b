using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>The parts of a host Pod the operator reads: its labels (<c>wasmcloud.com/hostgroup</c>) and IP.</summary>
[GenerateSerializer]
[Alias("wasmcloud.Pod")]
public sealed class Pod : KubeObject
{
    [Id(0)][JsonPropertyName("spec")] public PodSpec? Spec { get; set; }
    [Id(1)][JsonPropertyName("status")] public PodStatus? Status { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.PodSpec")]
public sealed class PodSpec
{
    [Id(0)][JsonPropertyName("hostname")] public string? Hostname { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.PodStatus")]
public sealed class PodStatus
{
    [Id(0)][JsonPropertyName("podIP")] public string? PodIp { get; set; }
    [Id(1)][JsonPropertyName("phase")] public string? Phase { get; set; }
}
