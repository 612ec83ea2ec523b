using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.ObjectMeta")]
public sealed class ObjectMeta
{
    [Id(0)][JsonPropertyName("name")] public string Name { get; set; } = "";
    [Id(1)][JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [Id(2)][JsonPropertyName("uid")] public string? Uid { get; set; }
    [Id(3)][JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; set; }
    [Id(4)][JsonPropertyName("generation")] public long Generation { get; set; }
    [Id(5)][JsonPropertyName("creationTimestamp")] public DateTimeOffset? CreationTimestamp { get; set; }
    [Id(6)][JsonPropertyName("deletionTimestamp")] public DateTimeOffset? DeletionTimestamp { get; set; }
    [Id(7)][JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
    [Id(8)][JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }
    [Id(9)][JsonPropertyName("ownerReferences")] public List<OwnerReference>? OwnerReferences { get; set; }
    [Id(10)][JsonPropertyName("finalizers")] public List<string>? Finalizers { get; set; }
    [Id(11)][JsonPropertyName("generateName")] public string? GenerateName { get; set; }

    public string? Label(string key) => Labels is not null && Labels.TryGetValue(key, out var v) ? v : null;

    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var v) ? v : null;

    public bool HasFinalizer(string finalizer) => Finalizers?.Contains(finalizer) == true;

    [JsonIgnore]
    public OwnerReference? ControllerOwner => OwnerReferences?.FirstOrDefault(o => o.Controller == true);
}
