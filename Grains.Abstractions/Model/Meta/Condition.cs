using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>One entry of <c>status.conditions</c>; at most one per type.</summary>
[GenerateSerializer]
[Alias("wasmcloud.Condition")]
public sealed class Condition
{
    [Id(0)][JsonPropertyName("type")][Required] public string Type { get; set; } = "";
    [Id(1)][JsonPropertyName("status")][Required] public string Status { get; set; } = ConditionStatus.Unknown;
    [Id(2)][JsonPropertyName("observedGeneration")] public long ObservedGeneration { get; set; }
    [Id(3)][JsonPropertyName("lastTransitionTime")][Required] public DateTimeOffset LastTransitionTime { get; set; }
    [Id(4)][JsonPropertyName("lastProbeTime")] public DateTimeOffset? LastProbeTime { get; set; }
    [Id(5)][JsonPropertyName("reason")][Required] public string? Reason { get; set; }
    [Id(6)][JsonPropertyName("message")] public string? Message { get; set; }

    [JsonIgnore] public bool IsTrue => Status == ConditionStatus.True;

    /// <summary>Equal apart from timestamps: the comparison the reference reconciler uses to decide a transition.</summary>
    public bool SameAs(Condition other) =>
        Type == other.Type && Status == other.Status && Reason == other.Reason && Message == other.Message
        && ObservedGeneration == other.ObservedGeneration;
}
