using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Wasmcloud.Silo.Kubernetes.Crds;

/// <summary>
/// Block-style YAML of a JSON tree, in the layout controller-gen writes (sequences flush with their key, keys in
/// the tree's order). Deterministic, so a committed copy can be compared byte for byte.
/// </summary>
public static partial class CrdYaml
{
    public static string Write(JsonObject root, string? header = null)
    {
        var yaml = new StringBuilder();
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                yaml.Append("# ").Append(line).Append('\n');
            }
        }

        yaml.Append("---\n");
        WriteMapping(yaml, root, 0, firstIndent: 0);
        return yaml.ToString();
    }

    private static void WriteMapping(StringBuilder yaml, JsonObject mapping, int indent, int firstIndent)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            yaml.Append(' ', first ? firstIndent : indent).Append(Scalar(key)).Append(':');
            first = false;
            WriteValue(yaml, value, indent);
        }
    }

    private static void WriteValue(StringBuilder yaml, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } child:
                yaml.Append('\n');
                WriteMapping(yaml, child, indent + 2, indent + 2);
                break;
            case JsonArray { Count: > 0 } items:
                yaml.Append('\n');
                foreach (var item in items)
                {
                    yaml.Append(' ', indent).Append('-');
                    if (item is JsonObject { Count: > 0 } element)
                    {
                        WriteMapping(yaml, element, indent + 2, firstIndent: 1);
                    }
                    else
                    {
                        WriteValue(yaml, item, indent + 2);
                    }
                }

                break;
            case JsonObject:
                yaml.Append(" {}\n");
                break;
            case JsonArray:
                yaml.Append(" []\n");
                break;
            case null:
                yaml.Append(" null\n");
                break;
            default:
                yaml.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !Reserved().IsMatch(text) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? text
            : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Letters, digits and a few separators read back as the same string in any YAML parser.
    [GeneratedRegex("^[A-Za-z0-9._/][A-Za-z0-9._/-]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex(@"^(?i:true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan)$")]
    private static partial Regex Reserved();
}
