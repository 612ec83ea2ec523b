using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// Label and field selectors as the API server reads them: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c> on labels; <c>metadata.name</c> and <c>metadata.namespace</c> on fields.
/// </summary>
public sealed class FakeApiServerSelector
{
    private readonly List<Func<JsonObject, bool>> _requirements = [];

    private FakeApiServerSelector()
    {
    }

    public static FakeApiServerSelector Everything { get; } = new();

    public static FakeApiServerSelector Parse(string? labelSelector, string? fieldSelector)
    {
        if (string.IsNullOrWhiteSpace(labelSelector) && string.IsNullOrWhiteSpace(fieldSelector))
        {
            return Everything;
        }

        var selector = new FakeApiServerSelector();
        foreach (var term in SplitTopLevel(labelSelector))
        {
            selector._requirements.Add(ParseLabelTerm(term));
        }

        foreach (var term in SplitTopLevel(fieldSelector))
        {
            selector._requirements.Add(ParseFieldTerm(term));
        }

        return selector;
    }

    public bool Matches(JsonObject obj) => _requirements.All(r => r(obj));

    private static Func<JsonObject, bool> ParseLabelTerm(string term)
    {
        string? Label(JsonObject o, string key) => o["metadata"]?["labels"]?[key]?.GetValue<string>();

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return o => Label(o, key) is null;
        }

        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("notin ", StringComparison.Ordinal)))
        {
            var negate = words[1].StartsWith("notin", StringComparison.Ordinal);
            var set = words[1][(words[1].IndexOf('(', StringComparison.Ordinal) + 1)..words[1].LastIndexOf(')')]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToHashSet(StringComparer.Ordinal);
            var key = words[0];
            return o => Label(o, key) is { } value ? set.Contains(value) != negate : negate;
        }

        var (field, op, expected) = SplitComparison(term);
        if (op is null)
        {
            return o => Label(o, field) is not null;
        }

        return op == "!=" ? o => Label(o, field) != expected : o => Label(o, field) == expected;
    }

    private static Func<JsonObject, bool> ParseFieldTerm(string term)
    {
        var (field, op, expected) = SplitComparison(term);
        if (op is null)
        {
            throw FakeApiServerException.BadRequest($"invalid field selector term '{term}'");
        }

        Func<JsonObject, string?> read = field switch
        {
            "metadata.name" => o => o["metadata"]?["name"]?.GetValue<string>(),
            "metadata.namespace" => o => o["metadata"]?["namespace"]?.GetValue<string>(),
            _ => throw FakeApiServerException.BadRequest($"field label not supported by the fake API server: {field}"),
        };
        return op == "!=" ? o => read(o) != expected : o => read(o) == expected;
    }

    private static (string Field, string? Op, string Value) SplitComparison(string term)
    {
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), op, term[(at + op.Length)..].Trim());
            }
        }

        return (term.Trim(), null, "");
    }

    private static IEnumerable<string> SplitTopLevel(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            depth += selector[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i].Trim();
                start = i + 1;
            }
        }

        if (selector[start..].Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }
}
