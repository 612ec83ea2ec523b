using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Kubernetes.Crds;

/// <summary>
/// OpenAPI v3 (structural) schemas from the model, by reflection over its <see cref="JsonPropertyNameAttribute"/>
/// properties. Constraints come from the standard attributes on those properties: <see cref="RequiredAttribute"/>,
/// <see cref="DefaultValueAttribute"/>, <see cref="AllowedValuesAttribute"/> (enum), <see cref="RegularExpressionAttribute"/>
/// (pattern), <see cref="MaxLengthAttribute"/>/<see cref="MinLengthAttribute"/> (length of strings, items of lists)
/// <see cref="RangeAttribute"/> and <see cref="CelRuleAttribute"/> (<c>x-kubernetes-validations</c>). String maps become <c>additionalProperties</c>, never preserved unknown fields.
/// </summary>
public static class CrdSchemaBuilder
{
    /// <summary>The schema of a whole object: the envelope, then the type's own root fields (spec and status, or Host's fields).</summary>
    public static JsonObject ForRoot(Type kubeObjectType)
    {
        var properties = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = new JsonObject { ["type"] = "object" },
        };
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in Properties(kubeObjectType).Where(p => p.DeclaringType != typeof(KubeObject)))
        {
            var name = JsonName(property)!;
            properties[name] = ForProperty(property);
            if (property.IsDefined(typeof(RequiredAttribute)))
            {
                required.Add(name);
            }
        }

        return ObjectSchema(properties, required);
    }

    private static JsonObject ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        var isString = schema["type"]?.GetValue<string>() == "string";
        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } fallback })
        {
            schema["default"] = JsonSerializer.SerializeToNode(fallback, fallback.GetType(), ModelJson.Options);
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            schema["enum"] = new JsonArray([.. allowed.Values.Select(v => JsonSerializer.SerializeToNode(v, ModelJson.Options))]);
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { Length: >= 0 } max)
        {
            schema[isString ? "maxLength" : "maxItems"] = max.Length;
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            schema[isString ? "minLength" : "minItems"] = min.Length;
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = JsonSerializer.SerializeToNode(range.Minimum);
            if (range.Maximum is int maximum && maximum != int.MaxValue)
            {
                schema["maximum"] = maximum;
            }
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttributes<CelRuleAttribute>().ToList() is { Count: > 0 } rules)
        {
            schema["x-kubernetes-validations"] = new JsonArray([.. rules.Select(r => (JsonNode)new JsonObject { ["message"] = r.Message, ["rule"] = r.Rule })]);
        }

        return schema;
    }

    private static JsonObject ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(short))
        {
            return new JsonObject { ["format"] = "int32", ["type"] = "integer" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["format"] = "int64", ["type"] = "integer" };
        }

        if (type == typeof(uint))
        {
            return new JsonObject { ["format"] = "int32", ["minimum"] = 0, ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new JsonObject { ["format"] = "date-time", ["type"] = "string" };
        }

        if (type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) is { } map)
        {
            return new JsonObject { ["additionalProperties"] = ForType(map.GetGenericArguments()[1]), ["type"] = "object" };
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.IsArray
                ? type.GetElementType()!
                : type.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
            return new JsonObject { ["items"] = ForType(item), ["type"] = "array" };
        }

        if (type.IsClass)
        {
            var properties = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
            var required = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var property in Properties(type))
            {
                var name = JsonName(property)!;
                properties[name] = ForProperty(property);
                if (property.IsDefined(typeof(RequiredAttribute)))
                {
                    required.Add(name);
                }
            }

            return ObjectSchema(properties, required);
        }

        throw new NotSupportedException($"no schema for {type}");
    }

    private static JsonObject ObjectSchema(SortedDictionary<string, JsonNode> properties, SortedSet<string> required)
    {
        var schema = new JsonObject();
        if (properties.Count > 0)
        {
            schema["properties"] = new JsonObject([.. properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]);
        }

        if (required.Count > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        schema["type"] = "object";
        return schema;
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => JsonName(p) is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always });

    private static string? JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
}
