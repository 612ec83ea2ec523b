using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.OwnerReference")]
public sealed class OwnerReference
{
    [Id(0)][JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [Id(1)][JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [Id(2)][JsonPropertyName("name")] public string Name { get; set; } = "";
    [Id(3)][JsonPropertyName("uid")] public string Uid { get; set; } = "";
    [Id(4)][JsonPropertyName("controller")] public bool? Controller { get; set; }
    [Id(5)][JsonPropertyName("blockOwnerDeletion")] public bool? BlockOwnerDeletion { get; set; }

    public static OwnerReference ControllerOf(KubeObject owner) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Name,
        Uid = owner.Metadata.Uid ?? "",
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
