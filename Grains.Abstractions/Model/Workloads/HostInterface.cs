using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A host interface a workload imports or exports, e.g. <c>wasi:http/incoming-handler</c>, with its config layer.</summary>
[GenerateSerializer]
[Alias("wasmcloud.HostInterface")]
public sealed class HostInterface : ConfigLayer
{
    [Id(0)][JsonPropertyName("namespace")] public string Namespace { get; set; } = "";
    [Id(1)][JsonPropertyName("package")] public string Package { get; set; } = "";
    [Id(2)][JsonPropertyName("interfaces")] public List<string> Interfaces { get; set; } = [];
    [Id(3)][JsonPropertyName("version")] public string? Version { get; set; }
    [Id(4)][JsonPropertyName("name")] public string? Name { get; set; }

    public bool Is(string @namespace, string package) => Namespace == @namespace && Package == package;
}
