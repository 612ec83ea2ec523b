using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Tests.Options;

/// <summary>The <c>--user-config</c> file as the chart writes it: <c>host.hostPlugins[]</c>, every other key refused.</summary>
public sealed class HostUserConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("user-config-").FullName;

    private string Write(string yaml)
    {
        var path = Path.Combine(_folder, Guid.NewGuid() + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private string Folder(string name, params (string Key, string Value)[] files)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        foreach (var (key, value) in files)
        {
            File.WriteAllText(Path.Combine(folder, key), value);
        }

        return folder;
    }

    [Fact]
    public void Entries_enable_plugins_with_config_from_the_file_and_folders_and_secrets_from_theirs()
    {
        var configDir = Folder("config", ("greeting", "from-folder"), ("region", "eu"));
        // A mounted ConfigMap's bookkeeping entries are not keys.
        File.WriteAllText(Path.Combine(configDir, "..data"), "x");
        var secretsDir = Folder("secrets", ("token", "s3cret"));
        var path = Write($"""
            host:
              hostPlugins:
                - name: wasmcloud-example-greeting
                  config: {"{"}greeting: Hola, retries: 3, verbose: true{"}"}
                  configDir: {configDir}
                  secretsDir: {secretsDir}
                - id: other-plugin
            """);

        var config = HostUserConfig.Load(path);

        Assert.Equal(2, config.HostPlugins.Count);
        var greeting = config.HostPlugins[0];
        Assert.Equal("wasmcloud-example-greeting", greeting.Id);
        Assert.Equal(new Dictionary<string, string> { ["greeting"] = "Hola", ["region"] = "eu", ["retries"] = "3", ["verbose"] = "true" }, greeting.Config);
        Assert.Equal(new Dictionary<string, string> { ["token"] = "s3cret" }, greeting.Secrets);
        Assert.Equal("other-plugin", config.HostPlugins[1].Id);
        Assert.Empty(config.HostPlugins[1].Config);
    }

    [Fact]
    public void An_empty_file_or_section_enables_nothing()
    {
        Assert.Empty(HostUserConfig.Load(Write("")).HostPlugins);
        Assert.Empty(HostUserConfig.Load(Write("host:\n  hostPlugins: []\n")).HostPlugins);
    }

    [Theory]
    [InlineData("host:\n  hostPlugins:\n    - {id: audit, file: /plugins/audit.wasm}\n", "host.hostPlugins[0]: 'file' names a Wasm component host plugin")]
    [InlineData("host:\n  hostPlugins:\n    - {id: audit, image: ghcr.io/x/audit:1}\n", "host.hostPlugins[0]: 'image' names a Wasm component host plugin")]
    [InlineData("host:\n  hostPlugins:\n    - {id: audit, allowedHosts: [example.com]}\n", "host.hostPlugins[0]: 'allowedHosts' restricts a sandboxed Wasm plugin's network access")]
    [InlineData("host:\n  hostPlugins:\n    - {id: audit, allowedIpNameLookups: true}\n", "host.hostPlugins[0]: 'allowedIpNameLookups' restricts")]
    [InlineData("host:\n  hostPlugins:\n    - {id: audit, colour: blue}\n", "host.hostPlugins[0]: 'colour' is not a key this host reads")]
    [InlineData("host:\n  hostPlugins:\n    - {config: {a: b}}\n", "host.hostPlugins[0] has no id")]
    [InlineData("host:\n  hostPlugins:\n    - {id: a}\n    - {id: a}\n", "host.hostPlugins[1]: plugin 'a' is listed twice")]
    [InlineData("host:\n  hostPlugins:\n    - {id: a, config: {nested: {x: y}}}\n", "host.hostPlugins[0] (a).config.nested: values must be strings")]
    [InlineData("host:\n  hostPlugins:\n    - id: a\n      config:\n        ? [x, y]\n        : z\n", "host.hostPlugins[0] (a).config: keys must be names")]
    [InlineData("host:\n  hostPlugins:\n    - {id: a, name: b}\n", "host.hostPlugins[0] has both id 'a' and name 'b'")]
    [InlineData("host:\n  logLevel: debug\n", "'host.logLevel' is not a setting this host reads")]
    [InlineData("plugins: []\n", "'plugins' is not a section this host reads")]
    [InlineData("host:\n  hostPlugins: {id: a}\n", "host.hostPlugins must be a list")]
    [InlineData("host: [\n", "is not YAML")]
    public void What_the_host_cannot_honour_is_refused_naming_the_entry(string yaml, string expected)
    {
        var path = Write(yaml);

        var refused = Assert.Throws<UserConfigException>(() => HostUserConfig.Load(path));

        Assert.StartsWith($"--user-config '{path}'", refused.Message);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void A_missing_config_folder_is_refused()
    {
        var path = Write("host:\n  hostPlugins:\n    - {id: a, secretsDir: /definitely/not/there}\n");

        var refused = Assert.Throws<UserConfigException>(() => HostUserConfig.Load(path));

        Assert.Contains("host.hostPlugins[0] (a).secretsDir '/definitely/not/there' does not exist", refused.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
