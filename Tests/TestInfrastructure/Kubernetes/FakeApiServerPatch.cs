using System.Globalization;
using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>JSON merge patch (RFC 7386) and JSON patch (RFC 6902), applied to a copy of the stored object.</summary>
public static class FakeApiServerPatch
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Merge(result[key], value);
                result[key] = merged;
            }
        }

        return result;
    }

    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw Invalid("an operation has no 'op'");
            var path = operation["path"]?.GetValue<string>() ?? throw Invalid($"{op} has no 'path'");
            switch (op)
            {
                case "add":
                    document = Add(document, path, Value(operation));
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, Value(operation));
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                    {
                        throw Invalid($"test failed at {path}");
                    }

                    break;
                case "copy":
                    document = Add(document, path, Get(document, From(operation))?.DeepClone());
                    break;
                case "move":
                    var moved = Get(document, From(operation))?.DeepClone();
                    Remove(document, From(operation));
                    document = Add(document, path, moved);
                    break;
                default:
                    throw Invalid($"unknown operation '{op}'");
            }
        }

        return document;
    }

    private static JsonNode? Value(JsonNode operation) =>
        operation.AsObject().TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Invalid("missing 'value'");

    private static string From(JsonNode operation) => operation["from"]?.GetValue<string>() ?? throw Invalid("missing 'from'");

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw Invalid("cannot replace the document with null");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array:
                var index = Index(last, array.Count + 1);
                array.Insert(index, value);
                break;
            default:
                throw Invalid($"cannot add at {path}");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray array:
                array.RemoveAt(Index(last, array.Count));
                break;
            default:
                throw Invalid($"nothing to remove at {path}");
        }
    }

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? current = document;
        foreach (var token in Tokens(path))
        {
            current = current switch
            {
                JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : throw Invalid($"no value at {path}"),
                JsonArray array => array[Index(token, array.Count)],
                _ => throw Invalid($"no value at {path}"),
            };
        }

        return current;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parentPath = string.Concat(tokens[..^1].Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        return (Get(document, parentPath) ?? throw Invalid($"no parent for {path}"), tokens[^1]);
    }

    private static string[] Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw Invalid($"'{path}' is not a JSON pointer");
        }

        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static int Index(string token, int count) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count
            ? index
            : throw Invalid($"array index '{token}' out of range");

    private static FakeApiServerException Invalid(string message) => new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");
}
