using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary><c>template.{labels, annotations, spec}</c>: there is no <c>metadata</c> level, exactly as in the reference CRD.</summary>
[GenerateSerializer]
[Alias("wasmcloud.WorkloadTemplate")]
public sealed class WorkloadTemplate
{
    [Id(0)][JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }
    [Id(1)][JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
    [Id(2)][JsonPropertyName("spec")][Required] public WorkloadSpec Spec { get; set; } = new();
}
