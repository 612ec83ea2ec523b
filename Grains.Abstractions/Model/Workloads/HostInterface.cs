using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A host interface a workload imports or exports, e.g. <c>wasi:http/incoming-handler</c>, with its config layer.</summary>
[GenerateSerializer]
[Alias("wasmcloud.HostInterface")]
public sealed class HostInterface : ConfigLayer
{
    [Id(0)][JsonPropertyName("namespace")][Required][MaxLength(128)] public string Namespace { get; set; } = "";
    [Id(1)][JsonPropertyName("package")][Required][MaxLength(128)] public string Package { get; set; } = "";
    [Id(2)][JsonPropertyName("interfaces")][Required][MinLength(1)] public List<string> Interfaces { get; set; } = [];
    [Id(3)][JsonPropertyName("version")][MaxLength(64)] public string? Version { get; set; }
    [Id(4)][JsonPropertyName("name")][MaxLength(64)][RegularExpression("^[a-z0-9][a-z0-9-]*$")] public string? Name { get; set; }

    public bool Is(string @namespace, string package) => Namespace == @namespace && Package == package;
}
