using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// The <c>--user-config</c> file (YAML), of which this host reads the reference's <c>host.hostPlugins[]</c> section:
/// each entry enables a plugin from the plugins folder, as <c>--plugin</c> does, and gives it host-wide config and
/// secrets. Every key is either understood or refused: a host never silently drops configuration it was given.
/// </summary>
/// <remarks>
/// An entry: <c>id</c> (or <c>name</c>, the chart's key), <c>config</c> (a map of scalars), <c>configDir</c> and
/// <c>secretsDir</c> (folders of files, one key per file, as Kubernetes mounts a ConfigMap or Secret; <c>config</c>
/// wins over <c>configDir</c> for the same key). The reference's Wasm component plugins (<c>file</c>, <c>image</c>)
/// and their egress allow-lists (<c>allowedHosts</c>, <c>allowedIpNameLookups</c>) are refused: our plugins are .NET
/// assemblies running in the host process, which no allow-list could restrict.
/// </remarks>
public sealed record HostUserConfig(IReadOnlyList<HostPluginSettings> HostPlugins)
{
    public static readonly HostUserConfig Empty = new([]);

    private static readonly HashSet<string> EntryKeys = new(StringComparer.Ordinal) { "id", "name", "config", "configDir", "secretsDir" };

    /// <exception cref="UserConfigException">The file cannot be read, is not YAML of the expected shape, or asks for something refused.</exception>
    public static HostUserConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserConfigException($"--user-config '{path}' cannot be read: {e.Message}", e);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UserConfigException($"--user-config '{path}' is not YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return Empty;
        }

        var root = Map(stream.Documents[0].RootNode, path, "the file");
        foreach (var key in Keys(root).Where(k => k != "host"))
        {
            throw new UserConfigException($"--user-config '{path}': '{key}' is not a section this host reads (only host.hostPlugins)");
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("host"), out var hostNode))
        {
            return Empty;
        }

        var host = Map(hostNode, path, "host");
        foreach (var key in Keys(host).Where(k => k != "hostPlugins"))
        {
            throw new UserConfigException($"--user-config '{path}': 'host.{key}' is not a setting this host reads (only host.hostPlugins)");
        }

        if (!host.Children.TryGetValue(new YamlScalarNode("hostPlugins"), out var pluginsNode) || pluginsNode is YamlScalarNode { Value: null or "" })
        {
            return Empty;
        }

        if (pluginsNode is not YamlSequenceNode entries)
        {
            throw new UserConfigException($"--user-config '{path}': host.hostPlugins must be a list");
        }

        var plugins = new List<HostPluginSettings>();
        for (var i = 0; i < entries.Children.Count; i++)
        {
            var where = $"host.hostPlugins[{i}]";
            var entry = Map(entries.Children[i], path, where);
            var settings = Entry(entry, path, where);
            if (plugins.Any(p => p.Id == settings.Id))
            {
                throw new UserConfigException($"--user-config '{path}': {where}: plugin '{settings.Id}' is listed twice");
            }

            plugins.Add(settings);
        }

        return new HostUserConfig(plugins);
    }

    private static HostPluginSettings Entry(YamlMappingNode entry, string path, string where)
    {
        foreach (var key in Keys(entry))
        {
            var refusal = key switch
            {
                "file" or "image" => $"'{key}' names a Wasm component host plugin (the reference's host-component-plugins feature), which this host does not load; plugins here are .NET assemblies in the plugins folder (docs/host-plugins.md)",
                "allowedHosts" or "allowedIpNameLookups" => $"'{key}' restricts a sandboxed Wasm plugin's network access; plugins here are .NET assemblies running in the host process, which no allow-list can restrict. Remove it",
                _ when !EntryKeys.Contains(key) => $"'{key}' is not a key this host reads (id, config, configDir, secretsDir)",
                _ => null,
            };
            if (refusal is not null)
            {
                throw new UserConfigException($"--user-config '{path}': {where}: {refusal}");
            }
        }

        var id = Scalar(entry, "id", path, where);
        var name = Scalar(entry, "name", path, where);
        if (id is not null && name is not null && id != name)
        {
            // Either key names the plugin; two different names leave it unclear which plugin is meant.
            throw new UserConfigException($"--user-config '{path}': {where} has both id '{id}' and name '{name}'; give one");
        }

        id ??= name;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new UserConfigException($"--user-config '{path}': {where} has no id");
        }

        where = $"{where} ({id})";
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Scalar(entry, "configDir", path, where) is { } configDir)
        {
            ReadFolder(configDir, config, path, where, "configDir");
        }

        if (entry.Children.TryGetValue(new YamlScalarNode("config"), out var configNode) && configNode is not YamlScalarNode { Value: null or "" })
        {
            foreach (var (key, value) in Map(configNode, path, $"{where}.config").Children)
            {
                // A YAML key may be a list or a map (`? [a, b]: c`); a config key is a name.
                var configKey = key is YamlScalarNode { Value: { Length: > 0 } scalar }
                    ? scalar
                    : throw new UserConfigException($"--user-config '{path}': {where}.config: keys must be names, not lists, maps or empty");
                config[configKey] = value is YamlScalarNode { Value: var text }
                    ? text ?? ""
                    : throw new UserConfigException($"--user-config '{path}': {where}.config.{configKey}: values must be strings, numbers or booleans");
            }
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Scalar(entry, "secretsDir", path, where) is { } secretsDir)
        {
            ReadFolder(secretsDir, secrets, path, where, "secretsDir");
        }

        return new HostPluginSettings(id, config, secrets);
    }

    /// <summary>One key per regular file, as a mounted ConfigMap or Secret lays them out; its <c>..data</c> links are skipped.</summary>
    private static void ReadFolder(string folder, Dictionary<string, string> into, string path, string where, string key)
    {
        if (!Directory.Exists(folder))
        {
            throw new UserConfigException($"--user-config '{path}': {where}.{key} '{folder}' does not exist");
        }

        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.'))
            {
                continue;
            }

            try
            {
                into[name] = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The file's name and the reason only: its content may be a secret.
                throw new UserConfigException($"--user-config '{path}': {where}.{key}: '{file}' cannot be read: {e.Message}", e);
            }
        }
    }

    private static string? Scalar(YamlMappingNode map, string key, string path, string where) =>
        !map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? null
        : node is YamlScalarNode scalar ? scalar.Value
        : throw new UserConfigException($"--user-config '{path}': {where}.{key} must be a single value");

    private static YamlMappingNode Map(YamlNode node, string path, string where) =>
        node as YamlMappingNode ?? throw new UserConfigException($"--user-config '{path}': {where} must be a map");

    private static IEnumerable<string> Keys(YamlMappingNode map) =>
        map.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? k.ToString());
}
