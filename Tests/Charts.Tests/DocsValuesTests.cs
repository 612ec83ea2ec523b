using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Charts.Tests;

/// <summary>
/// The user documentation names chart values by path (<c>gateway.enabled</c>, <c>runtime.hostGroups[].volumes</c>),
/// in <c>--set</c> flags and in values snippets. Every such path must exist in values.yaml, or sit below a key whose
/// default is an empty map or list (free-form: <c>runtime.volumes[].configMap</c>), or be a host-group key the
/// templates read, so a renamed or misspelt key fails here instead of in a user's install.
/// </summary>
public sealed partial class DocsValuesTests
{
    private static readonly string[] s_topLevelKeys = ["global", "networkPolicy", "nats", "operator", "gateway", "runtime"];

    private static readonly string[] s_documents =
    [
        "docs/install-and-upgrade.md",
        "docs/workload-security.md",
        "docs/volumes-secrets-config.md",
        "docs/private-registries.md",
        "docs/ci-cd-gitops.md",
        "docs/host-plugins.md",
        "charts/wasmcloud-orleans/README.md",
    ];

    public static TheoryData<string> Documents => new(s_documents);

    /// <summary>
    /// The other direction: every key values.yaml has is named somewhere in the docs (the chart README's values table
    /// is meant to hold them all), so a new key cannot ship undocumented. A <c>resources</c> block counts as one key.
    /// </summary>
    [Fact]
    public void Every_key_of_values_yaml_is_documented()
    {
        var mentioned = s_documents.SelectMany(d => MentionedPaths(File.ReadAllText(Path.Combine(Helm.Root, d)))).ToHashSet(StringComparer.Ordinal);
        var values = ValuesPaths();
        var leaves = values.Keys.Where(p => !values.Keys.Any(q => q.StartsWith(p + ".", StringComparison.Ordinal) || q.StartsWith(p + "[]", StringComparison.Ordinal)));

        var undocumented = leaves.Where(leaf => !mentioned.Contains(leaf) && !mentioned.Contains(ResourcesBlock(leaf) ?? leaf)).ToList();

        Assert.True(undocumented.Count == 0, $"values.yaml keys no document names (add them to the values table of charts/wasmcloud-orleans/README.md): {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void An_undocumented_key_is_caught()
    {
        Assert.Equal("nats.resources", ResourcesBlock("nats.resources.requests.cpu"));
        Assert.Null(ResourcesBlock("nats.image.tag"));
        Assert.Contains("operator.serviceMonitor.interval", ValuesPaths().Keys);
        Assert.DoesNotContain("operator.serviceMonitor.interval", MentionedPaths("`operator.serviceMonitor.enabled`"));
        Assert.Contains("operator.serviceMonitor.interval", MentionedPaths("`operator.serviceMonitor.{enabled,interval,labels}`"));
    }

    private static string? ResourcesBlock(string path)
    {
        var at = path.IndexOf(".resources.", StringComparison.Ordinal);
        return at < 0 ? null : path[..(at + ".resources".Length)];
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_values_key_a_document_names_exists_in_the_chart(string document)
    {
        var text = File.ReadAllText(Path.Combine(Helm.Root, document));
        var known = KnownPaths();
        var mentioned = MentionedPaths(text).ToList();
        Assert.NotEmpty(mentioned);

        var unknown = mentioned.Where(path => !IsKnown(path, known)).Distinct().ToList();
        Assert.True(unknown.Count == 0, $"{document} names values that charts/wasmcloud-orleans/values.yaml does not have: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void A_misspelt_key_is_caught()
    {
        var known = KnownPaths();
        Assert.False(IsKnown("gateway.enabeld", known));
        Assert.False(IsKnown("runtime.hostGroups[].htp.port", known));
        Assert.True(IsKnown("runtime.hostGroups[].http.port", known));
        Assert.True(IsKnown("runtime.volumes[].configMap.name", known));
        Assert.Equal(["gateway.enabled"], MentionedPaths("Set `gateway.enabled` to false."));
        Assert.Empty(MentionedPaths("`runtime.wasmcloud.dev/v1alpha1`"));
        Assert.Equal(["gateway.service.type", "gateway.service.port"], MentionedPaths("`gateway.service.{type,port}`"));
        Assert.Equal(["operator.image.tag"], MentionedPaths("```bash\nhelm upgrade x y --set operator.image.tag=0.2.0\n```"));
        Assert.Equal(["nats.enabled", "runtime.hostGroups[].name", "runtime.hostGroups[].http.port"], MentionedPaths("```yaml\nnats: {enabled: false}\nruntime:\n  hostGroups:\n    - name: a\n      http: {port: 80}\n```"));
    }

    /// <summary>Paths in values.yaml, each with whether its default is free-form (an empty map or list, or a list of scalars).</summary>
    private static Dictionary<string, bool> ValuesPaths()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Helm.ChartPath, "values.yaml")))
        {
            yaml.Load(reader);
        }

        var paths = new Dictionary<string, bool>(StringComparer.Ordinal);
        Collect(yaml.Documents[0].RootNode, "", paths);
        return paths;
    }

    /// <summary><see cref="ValuesPaths"/> plus the host-group keys the templates read.</summary>
    private static Dictionary<string, bool> KnownPaths()
    {
        var paths = ValuesPaths();

        // Host-group keys the templates read although the default group leaves them out (resources, http.nodePort, ...).
        foreach (var template in Directory.EnumerateFiles(Path.Combine(Helm.ChartPath, "templates"), "*", SearchOption.AllDirectories))
        {
            foreach (Match match in GroupKey().Matches(File.ReadAllText(template)))
            {
                paths.TryAdd($"runtime.hostGroups[].{match.Groups["prefix"].Value}{match.Groups["key"].Value}", true);
            }
        }

        return paths;
    }

    private static void Collect(YamlNode node, string path, Dictionary<string, bool> paths)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (path.Length > 0)
                {
                    paths[path] = map.Children.Count == 0;
                }

                foreach (var (key, value) in map.Children)
                {
                    Collect(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : $"{path}.{((YamlScalarNode)key).Value}", paths);
                }

                break;
            case YamlSequenceNode list:
                var maps = list.Children.OfType<YamlMappingNode>().ToList();
                paths[path] = maps.Count == 0;
                foreach (var item in maps)
                {
                    Collect(item, path + "[]", paths);
                }

                break;
            default:
                paths[path] = false;
                break;
        }
    }

    private static bool IsKnown(string path, Dictionary<string, bool> known)
    {
        if (known.ContainsKey(path) || known.ContainsKey(path.TrimEnd('[', ']')))
        {
            return true;
        }

        // Below a free-form default anything goes.
        for (var cut = path.Length; cut > 0; cut--)
        {
            if ((path[cut - 1] is '.' || (cut < path.Length && path[cut] is '.' or '[')) && known.TryGetValue(path[..cut].TrimEnd('.'), out var freeForm))
            {
                return freeForm;
            }
        }

        return false;
    }

    /// <summary>Value paths in inline code, in <c>--set key=value</c> flags and in values snippets (yaml blocks whose keys are all top-level value keys).</summary>
    private static List<string> MentionedPaths(string markdown)
    {
        var paths = new List<string>();
        foreach (Match block in FencedBlock().Matches(markdown))
        {
            var body = block.Groups["body"].Value;
            paths.AddRange(SetFlag().Matches(body).Select(m => m.Groups["key"].Value));
            if (block.Groups["lang"].Value == "yaml" && TryValuesSnippet(body) is { } snippet)
            {
                paths.AddRange(snippet);
            }
        }

        foreach (Match code in InlineCode().Matches(FencedBlock().Replace(markdown, "")))
        {
            if (ValuePath().Match(code.Groups["code"].Value) is { Success: true } match && s_topLevelKeys.Contains(match.Groups["top"].Value))
            {
                paths.AddRange(ExpandBraces(match.Value).Select(p => p.TrimEnd('.')));
            }
        }

        return paths;
    }

    private static List<string>? TryValuesSnippet(string body)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(body));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }

        if (yaml.Documents.Count != 1 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.Keys.All(k => k is YamlScalarNode { Value: { } key } && s_topLevelKeys.Contains(key)))
        {
            return null;
        }

        var found = new Dictionary<string, bool>(StringComparer.Ordinal);
        Collect(root, "", found);

        // The leaves: a parent is named by its children.
        return [.. found.Keys.Where(p => !found.Keys.Any(q => q.StartsWith(p + ".", StringComparison.Ordinal) || q.StartsWith(p + "[]", StringComparison.Ordinal)))];
    }

    /// <summary><c>a.{b,c}.d</c> → <c>a.b.d</c>, <c>a.c.d</c>.</summary>
    private static IEnumerable<string> ExpandBraces(string path)
    {
        var open = path.IndexOf('{', StringComparison.Ordinal);
        var close = path.IndexOf('}', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            return [path];
        }

        return path[(open + 1)..close].Split(',').SelectMany(choice => ExpandBraces(path[..open] + choice.Trim() + path[(close + 1)..]));
    }

    [GeneratedRegex(@"^```(?<lang>\w*)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex InlineCode();

    // Atomic, so an API group such as runtime.wasmcloud.dev/v1alpha1 is skipped rather than matched in part.
    [GeneratedRegex(@"^(?<top>[a-zA-Z]+)(?>\.[A-Za-z0-9_.\[\]{},]+)(?![/\w-])")]
    private static partial Regex ValuePath();

    [GeneratedRegex(@"--set(?:-string)?[ =](?<key>[A-Za-z][A-Za-z0-9_.\[\]]*)=")]
    private static partial Regex SetFlag();

    // $group.x, and $http.x for the group's http block the host-group template keeps in $http.
    [GeneratedRegex(@"\$(?:group\.|(?<prefix>http\.))(?<key>[a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)*)")]
    private static partial Regex GroupKey();
}
