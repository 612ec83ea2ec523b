using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>The envelope every Kubernetes object shares: type information and metadata.</summary>
[GenerateSerializer]
[Alias("wasmcloud.KubeObject")]
public abstract class KubeObject
{
    [Id(0)]
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [Id(1)]
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [Id(2)]
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    [JsonIgnore]
    public string Name => Metadata.Name;

    [JsonIgnore]
    public string Namespace => Metadata.Namespace ?? "";

    /// <summary>"namespace/name", the key of the grain that owns this object.</summary>
    [JsonIgnore]
    public string Key => ObjectKey.Of(Namespace, Name);

    [JsonIgnore]
    public bool IsBeingDeleted => Metadata.DeletionTimestamp is not null;
}
