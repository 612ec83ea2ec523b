using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wasmcloud.Grains.Abstractions.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Silo.Standalone;

/// <summary>
/// Reads multi-document YAML manifests into model objects. Each document stands alone: a syntax error, a schema
/// error or an unknown kind in one is reported with its file and line, and the others still load.
/// </summary>
public static partial class ManifestParser
{
    public const string DefaultNamespace = "default";

    public static ManifestParseResult Parse(string text, string file)
    {
        var result = new ManifestParseResult();
        foreach (var (startLine, chunk) in SplitDocuments(text))
        {
            IReadOnlyList<YamlDocument> documents;
            var parser = new TrackingParser(new Parser(new StringReader(chunk)));
            try
            {
                var stream = new YamlStream();
                stream.Load(parser);
                documents = [.. stream.Documents];
            }
            catch (YamlException ex)
            {
                result.Errors.Add(new ManifestProblem(file, (int)ex.Start.Line, YamlMessage(ex)));
                continue;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // YamlDotNet throws plain exceptions for some malformed input (an unclosed flow mapping): report where it got to.
                var line = Math.Max(startLine, parser.LastGoodLine);
                result.Errors.Add(new ManifestProblem(file, line, $"invalid YAML after this point ({ex.Message})"));
                continue;
            }

            foreach (var document in documents)
            {
                ParseDocument(document.RootNode, file, result);
            }
        }

        return result;
    }

    /// <summary>The line of the YAML node a JSON path such as <c>$.spec.template.spec.components[0].name</c> points at, as deep as it resolves.</summary>
    public static int LineAt(YamlNode root, string jsonPath)
    {
        var node = root;
        var line = (int)root.Start.Line;
        foreach (var segment in PathSegments(jsonPath))
        {
            switch (node, segment)
            {
                case (YamlMappingNode mapping, string name) when mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: { } key } && key == name) is { Key: { } key, Value: { } value }:
                    // The key's line: a nested mapping value starts on the next one.
                    line = (int)key.Start.Line;
                    node = value;
                    continue;
                case (YamlSequenceNode sequence, int index) when index < sequence.Children.Count:
                    node = sequence.Children[index];
                    line = (int)node.Start.Line;
                    continue;
            }

            break;
        }

        return line;
    }

    /// <summary>Paths present (and not null) in <paramref name="source"/> but absent from <paramref name="model"/>: fields the schema dropped.</summary>
    public static IEnumerable<string> DroppedFields(JsonNode? source, JsonNode? model, string path = "$")
    {
        switch (source, model)
        {
            case (JsonObject from, JsonObject to):
                foreach (var (key, value) in from)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    var child = ChildPath(path, key);
                    if (!to.TryGetPropertyValue(key, out var kept) || kept is null)
                    {
                        yield return child;
                        continue;
                    }

                    foreach (var dropped in DroppedFields(value, kept, child))
                    {
                        yield return dropped;
                    }
                }

                break;

            case (JsonArray from, JsonArray to) when from.Count == to.Count:
                for (var i = 0; i < from.Count; i++)
                {
                    foreach (var dropped in DroppedFields(from[i], to[i], $"{path}[{i}]"))
                    {
                        yield return dropped;
                    }
                }

                break;
        }
    }

    private static void ParseDocument(YamlNode root, string file, ManifestParseResult result)
    {
        var line = (int)root.Start.Line;
        JsonNode? json;
        try
        {
            json = YamlJsonConverter.ToJson(root);
        }
        catch (YamlJsonConversionException ex)
        {
            result.Errors.Add(new ManifestProblem(file, ex.Line, ex.Message));
            return;
        }

        if (json is null)
        {
            return; // an empty document, e.g. after a trailing "---"
        }

        if (json is not JsonObject obj)
        {
            result.Errors.Add(new ManifestProblem(file, line, "a manifest document must be a mapping"));
            return;
        }

        var apiVersion = StringField(obj, "apiVersion");
        var kindName = StringField(obj, "kind");
        if (apiVersion is null || kindName is null)
        {
            result.Errors.Add(new ManifestProblem(file, line, "apiVersion and kind are required"));
            return;
        }

        if (KubeKind.ByKind(apiVersion, kindName) is not { } kind)
        {
            result.Skipped.Add(new ManifestProblem(file, line, $"{kindName} ({apiVersion}) is not a kind the operator manages; skipped"));
            return;
        }

        KubeObject model;
        try
        {
            model = (KubeObject)obj.Deserialize(kind.Type, ModelJson.Options)!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            var path = (ex as JsonException)?.Path ?? "$";
            result.Errors.Add(new ManifestProblem(file, LineAt(root, path), $"{kindName}: {SchemaMessage(ex)}", path));
            return;
        }

        if (string.IsNullOrEmpty(model.Metadata.Name))
        {
            result.Errors.Add(new ManifestProblem(file, line, $"{kindName}: metadata.name is required", "$.metadata.name"));
            return;
        }

        if (string.IsNullOrEmpty(model.Metadata.Namespace))
        {
            model.Metadata.Namespace = DefaultNamespace;
        }

        result.Objects.Add(new LoadedManifest(model, file, line));
        var written = JsonSerializer.SerializeToNode(model, kind.Type, ModelJson.Options);
        foreach (var dropped in DroppedFields(obj, written))
        {
            result.Warnings.Add(new ManifestProblem(file, LineAt(root, dropped), $"{kindName} {model.Name}: unknown field dropped", dropped));
        }
    }

    /// <summary>
    /// Splits a stream at its "---" lines so one broken document cannot take the next ones down. Each piece is
    /// padded with the newlines before it, so the parser's line numbers stay those of the file.
    /// </summary>
    private static IEnumerable<(int StartLine, string Text)> SplitDocuments(string text)
    {
        var lines = text.Split('\n');
        var start = 0;
        for (var i = 1; i <= lines.Length; i++)
        {
            if (i == lines.Length || IsDocumentStart(lines[i]))
            {
                var chunk = new StringBuilder();
                chunk.Append('\n', start);
                chunk.AppendJoin('\n', lines[start..i]);
                yield return (FirstContentLine(lines, start, i), chunk.ToString());
                start = i;
            }
        }
    }

    private static int FirstContentLine(string[] lines, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#') && line != "---")
            {
                return i + 1;
            }
        }

        return start + 1;
    }

    private static bool IsDocumentStart(string line) =>
        line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t' or '\r');

    private static string? StringField(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static string YamlMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: …): "; we report the line ourselves.
        var message = MarkPrefix().Replace(ex.Message, "");
        return ex.InnerException is { } inner && message.Length == 0 ? inner.Message : message;
    }

    private static string SchemaMessage(Exception ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string ChildPath(string path, string key) =>
        SimpleName().IsMatch(key) ? $"{path}.{key}" : $"{path}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static IEnumerable<object> PathSegments(string path)
    {
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return path[(i + 1)..end];
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                yield return path[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                if (!int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    yield break;
                }

                yield return index;
                i = end + 1;
            }
            else
            {
                yield break;
            }
        }
    }

    /// <summary>Remembers how far parsing got, for errors that come without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public int LastGoodLine { get; private set; }

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastGoodLine = (int)current.End.Line;
            }

            return inner.MoveNext();
        }
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleName();
}
