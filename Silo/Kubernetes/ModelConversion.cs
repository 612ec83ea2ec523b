using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Kubernetes;

/// <summary>Between the model (<see cref="ModelJson"/>) and the JSON the API speaks and KubernetesClient hands back.</summary>
internal static class ModelConversion
{
    /// <summary>
    /// The model's shape with every unset field written as null: in a merge patch a null removes the field, so a
    /// status patch made with these options leaves exactly the status we hold (fields we do not model survive).
    /// </summary>
    private static readonly JsonSerializerOptions s_explicitNulls = new(ModelJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>An object as KubernetesClient returns it (a <see cref="JsonElement"/>), typed; list items lack kind, so stamp it.</summary>
    public static KubeObject ToModel(KubeKind kind, object body)
    {
        var element = body is JsonElement json ? json : JsonSerializer.SerializeToElement(body);
        var obj = (KubeObject)(element.Deserialize(kind.Type, ModelJson.Options)
            ?? throw new JsonException($"the API returned null for a {kind.Kind}"));
        obj.ApiVersion = kind.ApiVersion;
        obj.Kind = kind.Kind;
        return obj;
    }

    public static T ToModel<T>(object body) where T : KubeObject => (T)ToModel(KubeKind.Of<T>(), body);

    public static JsonObject ToNode(KubeObject obj) => JsonSerializer.SerializeToNode(obj, obj.GetType(), ModelJson.Options)!.AsObject();

    /// <summary>The status part of <paramref name="obj"/>, with unset fields as explicit nulls (see <see cref="s_explicitNulls"/>).</summary>
    public static JsonNode? StatusPatchOf(KubeObject obj)
    {
        var status = obj.GetType().GetProperty("Status")?.GetValue(obj);
        return status is null ? null : JsonSerializer.SerializeToNode(status, status.GetType(), s_explicitNulls);
    }

    /// <summary>The <c>resourceVersion</c> of a raw object or list.</summary>
    public static string? ResourceVersionOf(object body) =>
        body is JsonElement element && element.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv)
            ? rv.GetString()
            : null;
}
