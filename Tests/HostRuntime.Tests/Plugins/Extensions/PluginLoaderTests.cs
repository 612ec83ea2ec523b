using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Plugins;
using Wasmcloud.HostRuntime.Plugins.Extensions;

namespace Wasmcloud.HostRuntime.Tests.Plugins.Extensions;

/// <summary>What an operator of a custom host image sees when the plugins folder or the flags are wrong: a startup error naming the problem, never a host that fails later.</summary>
public sealed class PluginLoaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "plugin-loader-tests", Guid.NewGuid().ToString("N"));

    private static IReadOnlyList<LoadedPlugin> Load(string folder, params string[] enabled) =>
        PluginLoader.Load(folder, enabled, HostPlugins.BuiltInPackages);

    [Fact]
    public void No_enabled_plugin_never_reads_the_folder()
    {
        Assert.Empty(Load(Path.Combine(_folder, "missing")));
    }

    [Fact]
    public void The_sample_plugin_loads_with_its_package()
    {
        var plugin = Assert.Single(Load(SamplePluginTests.PluginsDir, SamplePluginTests.PluginId));

        Assert.Equal("wasmcloud:example", plugin.QualifiedPackage);
        Assert.Equal(["wasmcloud:example/greeting@0.1.0"], plugin.Interfaces.Select(i => i.Name));
    }

    [Fact]
    public void An_unknown_id_names_the_plugins_found()
    {
        var error = Assert.Throws<PluginLoadException>(() => Load(SamplePluginTests.PluginsDir, "clock"));

        Assert.Equal($"--plugin clock: no plugin with this id in '{SamplePluginTests.PluginsDir}' (found: {SamplePluginTests.PluginId})", error.Message);
    }

    [Fact]
    public void A_missing_folder_is_a_startup_error()
    {
        var folder = Path.Combine(_folder, "missing");

        var error = Assert.Throws<PluginLoadException>(() => Load(folder, "greeting"));

        Assert.Contains($"the plugins folder '{folder}' does not exist", error.Message);
    }

    [Fact]
    public void An_assembly_that_is_not_one_is_a_startup_error_naming_the_file()
    {
        var path = Path.Combine(_folder, "Broken", "Broken.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not an assembly");

        var error = Assert.Throws<PluginLoadException>(() => Load(_folder, "broken"));

        Assert.StartsWith($"plugin assembly {path} cannot be loaded", error.Message);
    }

    [Fact]
    public void A_host_enabling_an_unknown_plugin_does_not_build()
    {
        var options = new HostRuntimeOptions { PluginsDir = SamplePluginTests.PluginsDir, Plugins = ["nope"] };

        var error = Assert.Throws<PluginLoadException>(() => HostRuntimeApplication.Build(options));

        Assert.Contains("--plugin nope", error.Message);
    }

    [Fact]
    public void The_command_line_takes_the_plugins_folder_and_repeated_plugin_ids()
    {
        var options = HostRuntimeCommandLine.Parse(["--plugins-dir", "/opt/plugins", "--plugin", "a", "--plugin=b"], _ => null);

        Assert.Equal("/opt/plugins", options.PluginsDir);
        Assert.Equal(["a", "b"], options.Plugins);
        Assert.Equal(HostRuntimeOptions.DefaultPluginsDir, HostRuntimeCommandLine.Parse([], _ => null).PluginsDir);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
