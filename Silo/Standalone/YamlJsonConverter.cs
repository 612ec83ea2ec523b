using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Silo.Standalone;

/// <summary>
/// YAML representation nodes to <see cref="JsonNode"/>, resolving plain scalars by the YAML 1.2 core schema:
/// null, booleans, integers and floats become JSON literals; quoted and block scalars always stay strings.
/// </summary>
public static partial class YamlJsonConverter
{
    private const string StringTag = "tag:yaml.org,2002:str";

    // Anchors can nest a document into itself; no real manifest comes close to this depth.
    private const int MaxDepth = 128;

    public static JsonNode? ToJson(YamlNode node) => Convert(node, 0);

    /// <summary>The JSON value of one scalar, following its style and tag.</summary>
    public static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag == StringTag || (scalar.Style != ScalarStyle.Plain && scalar.Style != ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        return ResolvePlain(text);
    }

    private static JsonNode? Convert(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlJsonConversionException(LineOf(node), $"nesting deeper than {MaxDepth} levels (a recursive alias?)");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return ScalarToJson(scalar);

            case YamlSequenceNode sequence:
                {
                    var array = new JsonArray();
                    foreach (var item in sequence.Children)
                    {
                        array.Add(Convert(item, depth + 1));
                    }

                    return array;
                }

            case YamlMappingNode mapping:
                {
                    var obj = new JsonObject();
                    YamlNode? merge = null;
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain or ScalarStyle.Any })
                        {
                            merge = value;
                            continue;
                        }

                        if (key is not YamlScalarNode { Value: { } name })
                        {
                            throw new YamlJsonConversionException(LineOf(key), "mapping keys must be plain strings");
                        }

                        if (!obj.TryAdd(name, Convert(value, depth + 1)))
                        {
                            throw new YamlJsonConversionException(LineOf(key), $"duplicate key '{name}'");
                        }
                    }

                    if (merge is not null)
                    {
                        MergeInto(obj, merge, depth);
                    }

                    return obj;
                }

            default:
                throw new YamlJsonConversionException(LineOf(node), $"unsupported YAML node {node.NodeType}");
        }
    }

    /// <summary>YAML merge keys (<c>&lt;&lt;: *base</c> or a list of them): keys the mapping sets itself win, then earlier sources.</summary>
    private static void MergeInto(JsonObject target, YamlNode merge, int depth)
    {
        var sources = merge is YamlSequenceNode list ? list.Children : [merge];
        foreach (var source in sources)
        {
            if (Convert(source, depth + 1) is not JsonObject values)
            {
                throw new YamlJsonConversionException(LineOf(source), "a merge key (<<) takes a mapping or a list of mappings");
            }

            foreach (var (name, value) in values.ToList())
            {
                values.Remove(name);
                target.TryAdd(name, value);
            }
        }
    }

    private static JsonNode? ResolvePlain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        // Already JSON: parse it so the literal text (e.g. "1.0") survives.
        if (JsonNumber().IsMatch(text))
        {
            return JsonNode.Parse(text);
        }

        if (DecimalInteger().IsMatch(text))
        {
            var digits = text.TrimStart('+');
            var negative = digits.StartsWith('-');
            digits = digits.TrimStart('-').TrimStart('0');
            return JsonNode.Parse((negative && digits.Length > 0 ? "-" : "") + (digits.Length == 0 ? "0" : digits));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexInteger().IsMatch(text)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalInteger().IsMatch(text))
        {
            try
            {
                return JsonValue.Create(System.Convert.ToInt64(text[2..], 8));
            }
            catch (OverflowException)
            {
                return JsonValue.Create(text);
            }
        }

        if (YamlFloat().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        // Everything else, including .inf and .nan which JSON cannot hold, is a string.
        return JsonValue.Create(text);
    }

    private static int LineOf(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInteger();

    [GeneratedRegex(@"^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();
}
