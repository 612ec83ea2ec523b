using System.Globalization;
using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>Reads numbers whatever made the node: parsed JSON, or a C# int, long or double put there in code.</summary>
internal static class FakeApiServerJson
{
    public static double? Number(JsonNode? node) =>
        node is JsonValue value && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static long? Integer(JsonNode? node) => Number(node) is { } number ? (long)number : null;
}
