using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Json;

/// <summary>Compares JSON documents field by field and names the first path that differs.</summary>
public static class JsonAssert
{
    /// <summary>Same members with the same values and types (so <c>"3"</c> ≠ <c>3</c>); member order is ignored.</summary>
    public static void Equivalent(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        var difference = FirstDifference("$", e, a);
        if (difference is not null)
        {
            throw new JsonMismatchException($"JSON differs at {difference}\nexpected: {e?.ToJsonString()}\nactual:   {a?.ToJsonString()}");
        }
    }

    private static string? FirstDifference(string path, JsonNode? expected, JsonNode? actual)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (FirstDifference($"{path}.{name}", value, a[name]) is { } inner)
                    {
                        return inner;
                    }
                }

                foreach (var (name, _) in a)
                {
                    if (!e.ContainsKey(name))
                    {
                        return $"{path}.{name}: unexpected member";
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path}: {a.Count} items instead of {e.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference($"{path}[{i}]", e[i], a[i]) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonValue e, JsonValue a):
                return JsonNode.DeepEquals(e, a) ? null : $"{path}: {a.ToJsonString()} instead of {e.ToJsonString()}";
            default:
                return $"{path}: {actual?.ToJsonString() ?? "null"} instead of {expected?.ToJsonString() ?? "null"}";
        }
    }
}
