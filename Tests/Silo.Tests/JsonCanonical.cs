using System.Text.Json.Nodes;

namespace Wasmcloud.Silo.Tests;

/// <summary>JSON text with object keys sorted at every level, so two documents compare by content and diffs read well.</summary>
internal static class JsonCanonical
{
    public static string Of(JsonNode? node) => Sorted(node)?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
