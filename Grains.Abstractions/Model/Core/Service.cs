using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>The parts of a core/v1 Service the operator reads: its ports (one must be named <c>http</c>).</summary>
[GenerateSerializer]
[Alias("wasmcloud.Service")]
public sealed class Service : KubeObject
{
    [Id(0)][JsonPropertyName("spec")] public ServiceSpec Spec { get; set; } = new();
}

[GenerateSerializer]
[Alias("wasmcloud.ServiceSpec")]
public sealed class ServiceSpec
{
    [Id(0)][JsonPropertyName("type")] public string? Type { get; set; }
    [Id(1)][JsonPropertyName("ports")] public List<ServicePort>? Ports { get; set; }
    [Id(2)][JsonPropertyName("selector")] public Dictionary<string, string>? Selector { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.ServicePort")]
public sealed class ServicePort
{
    [Id(0)][JsonPropertyName("name")] public string? Name { get; set; }
    [Id(1)][JsonPropertyName("port")] public int Port { get; set; }
    [Id(2)][JsonPropertyName("protocol")] public string? Protocol { get; set; }
    [Id(3)][JsonPropertyName("nodePort")] public int? NodePort { get; set; }
}
