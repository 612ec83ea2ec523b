using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// What the API server does with a structural CRD schema on every write: drops nulls and unknown fields (pruning),
/// fills defaults, then validates types, <c>required</c>, <c>enum</c>, <c>pattern</c>, lengths, item counts and
/// minimums. CEL rules and formats are not checked. <c>metadata</c> is left to the server's own handling.
/// </summary>
public static class FakeApiServerSchema
{
    private const string PreserveUnknown = "x-kubernetes-preserve-unknown-fields";

    /// <summary>Prunes and defaults <paramref name="obj"/> in place; returns the validation failures.</summary>
    public static IReadOnlyList<string> Apply(JsonObject schema, JsonObject obj)
    {
        var errors = new List<string>();
        var properties = schema["properties"]?.AsObject();
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (properties?[key] is not JsonObject child)
            {
                if (schema[PreserveUnknown]?.GetValue<bool>() != true)
                {
                    obj.Remove(key);
                }

                continue;
            }

            if (obj[key] is null)
            {
                obj.Remove(key);
                continue;
            }

            Visit(child, obj[key]!, key, errors);
        }

        FillAndRequire(schema, obj, "", errors, skip: ["apiVersion", "kind", "metadata"]);
        return errors;
    }

    private static void Visit(JsonObject schema, JsonNode value, string path, List<string> errors)
    {
        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    errors.Add($"{path}: Invalid value: \"{Kind(value)}\": {path} in body must be of type object: \"{Kind(value)}\"");
                    return;
                }

                VisitObject(schema, obj, path, errors);
                return;
            case "array":
                if (value is not JsonArray array)
                {
                    errors.Add($"{path}: Invalid value: \"{Kind(value)}\": {path} in body must be of type array: \"{Kind(value)}\"");
                    return;
                }

                if (FakeApiServerJson.Integer(schema["maxItems"]) is { } maxItems && array.Count > maxItems)
                {
                    errors.Add($"{path}: Too many: {array.Count}: must have at most {maxItems} items");
                }

                if (FakeApiServerJson.Integer(schema["minItems"]) is { } minItems && array.Count < minItems)
                {
                    errors.Add($"{path}: Invalid value: {array.Count}: {path} in body should have at least {minItems} items");
                }

                if (schema["items"] is JsonObject itemSchema)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is { } item)
                        {
                            Visit(itemSchema, item, $"{path}[{i}]", errors);
                        }
                    }
                }

                return;
            case "string":
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{path}: Invalid value: \"{Kind(value)}\": {path} in body must be of type string: \"{Kind(value)}\"");
                    return;
                }

                CheckString(schema, value.GetValue<string>(), path, errors);
                return;
            case "integer" or "number":
                if (value.GetValueKind() != JsonValueKind.Number || (type == "integer" && !IsIntegral(value)))
                {
                    errors.Add($"{path}: Invalid value: \"{Kind(value)}\": {path} in body must be of type {type}: \"{Kind(value)}\"");
                    return;
                }

                var number = FakeApiServerJson.Number(value) ?? 0;
                if (FakeApiServerJson.Number(schema["minimum"]) is { } minimum && number < minimum)
                {
                    errors.Add($"{path}: Invalid value: {value.ToJsonString()}: {path} in body should be greater than or equal to {minimum}");
                }

                if (FakeApiServerJson.Number(schema["maximum"]) is { } maximum && number > maximum)
                {
                    errors.Add($"{path}: Invalid value: {value.ToJsonString()}: {path} in body should be less than or equal to {maximum}");
                }

                return;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: Invalid value: \"{Kind(value)}\": {path} in body must be of type boolean: \"{Kind(value)}\"");
                }

                return;
            default:
                return;
        }
    }

    private static void VisitObject(JsonObject schema, JsonObject obj, string path, List<string> errors)
    {
        var properties = schema["properties"]?.AsObject();
        var additional = schema["additionalProperties"] as JsonObject;
        var preserve = schema[PreserveUnknown]?.GetValue<bool>() == true;
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            var childSchema = properties?[key] as JsonObject ?? additional;
            if (childSchema is null)
            {
                if (!preserve)
                {
                    obj.Remove(key);
                }

                continue;
            }

            if (obj[key] is not { } child)
            {
                obj.Remove(key);
                continue;
            }

            Visit(childSchema, child, $"{path}.{key}", errors);
        }

        FillAndRequire(schema, obj, path, errors, skip: []);
    }

    private static void FillAndRequire(JsonObject schema, JsonObject obj, string path, List<string> errors, string[] skip)
    {
        foreach (var (key, child) in schema["properties"]?.AsObject() ?? [])
        {
            if (!skip.Contains(key) && !obj.ContainsKey(key) && child?["default"] is { } fallback)
            {
                var filled = fallback.DeepClone();
                obj[key] = filled;
                Visit(child.AsObject(), filled, Join(path, key), errors);
            }
        }

        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            var key = required!.GetValue<string>();
            if (!obj.ContainsKey(key))
            {
                errors.Add($"{Join(path, key)}: Required value");
            }
        }
    }

    private static void CheckString(JsonObject schema, string text, string path, List<string> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a?.GetValue<string>() == text))
        {
            errors.Add($"{path}: Unsupported value: \"{text}\": supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: Invalid value: \"{text}\": {path} in body should match '{pattern}'");
        }

        if (FakeApiServerJson.Integer(schema["maxLength"]) is { } maxLength && text.Length > maxLength)
        {
            errors.Add($"{path}: Too long: may not be more than {maxLength} bytes");
        }

        if (FakeApiServerJson.Integer(schema["minLength"]) is { } minLength && text.Length < minLength)
        {
            errors.Add($"{path}: Invalid value: \"{text}\": {path} in body should be at least {minLength} chars long");
        }
    }

    private static bool IsIntegral(JsonNode value) => FakeApiServerJson.Number(value) is { } number && Math.Abs(number % 1) < double.Epsilon;

    private static string Kind(JsonNode value) => value.GetValueKind().ToString().ToLowerInvariant();

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
