using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A reference by name to an object in the same namespace (<c>{name: …}</c>).</summary>
[GenerateSerializer]
[Alias("wasmcloud.NameReference")]
public sealed class NameReference
{
    [Id(0)][JsonPropertyName("name")][Required] public string Name { get; set; } = "";
}
