using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A discovery.k8s.io/v1 EndpointSlice, reduced to what the route manager writes.</summary>
[GenerateSerializer]
[Alias("wasmcloud.EndpointSlice")]
public sealed class EndpointSlice : KubeObject
{
    [Id(0)][JsonPropertyName("addressType")] public string AddressType { get; set; } = "IPv4";
    [Id(1)][JsonPropertyName("endpoints")] public List<SliceEndpoint> Endpoints { get; set; } = [];
    [Id(2)][JsonPropertyName("ports")] public List<SlicePort> Ports { get; set; } = [];
}

[GenerateSerializer]
[Alias("wasmcloud.SliceEndpoint")]
public sealed class SliceEndpoint
{
    [Id(0)][JsonPropertyName("addresses")] public List<string> Addresses { get; set; } = [];
    [Id(1)][JsonPropertyName("conditions")] public SliceEndpointConditions Conditions { get; set; } = new();
}

[GenerateSerializer]
[Alias("wasmcloud.SliceEndpointConditions")]
public sealed class SliceEndpointConditions
{
    [Id(0)][JsonPropertyName("ready")] public bool Ready { get; set; }
    [Id(1)][JsonPropertyName("serving")] public bool Serving { get; set; }
}

[GenerateSerializer]
[Alias("wasmcloud.SlicePort")]
public sealed class SlicePort
{
    [Id(0)][JsonPropertyName("name")] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("port")] public int Port { get; set; }
    [Id(2)][JsonPropertyName("protocol")] public string Protocol { get; set; } = "TCP";
}
