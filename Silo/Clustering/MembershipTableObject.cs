using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wasmcloud.Silo.Clustering;

/// <summary>A <c>MembershipTable</c> object: its metadata kept as the server sent it (resourceVersion included), and its spec.</summary>
public sealed record MembershipTableObject(JsonObject Metadata, MembershipTableSpec Spec)
{
    public static MembershipTableObject FromBody(object body)
    {
        var node = (body is JsonElement element ? JsonNode.Parse(element.GetRawText()) : JsonSerializer.SerializeToNode(body))?.AsObject()
            ?? throw new JsonException("the API returned no MembershipTable");
        var spec = node["spec"]?.Deserialize<MembershipTableSpec>(KubernetesMembershipTable.JsonOptions) ?? new MembershipTableSpec();
        return new MembershipTableObject(node["metadata"]?.AsObject() is { } meta ? (JsonObject)meta.DeepClone() : [], spec);
    }

    /// <summary>The object to send: a replace carries the read resourceVersion, which is what makes it conditional.</summary>
    public JsonObject ToNode() => new()
    {
        ["apiVersion"] = $"{KubernetesMembershipTable.Group}/{KubernetesMembershipTable.ApiVersion}",
        ["kind"] = KubernetesMembershipTable.Kind,
        ["metadata"] = Metadata.DeepClone(),
        ["spec"] = JsonSerializer.SerializeToNode(Spec, KubernetesMembershipTable.JsonOptions),
    };
}
