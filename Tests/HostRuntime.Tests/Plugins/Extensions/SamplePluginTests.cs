using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Plugins.Extensions;

/// <summary>
/// The plugin contract end to end: a host started with the plugins folder the test build lays out
/// (<c>plugins/Greeting/Greeting.dll</c> from samples/plugins/Greeting) and <c>--plugin wasmcloud-example-greeting</c>
/// serves the greeting fixture, which imports the sample's interface; the shared plugin host, started without it,
/// refuses the same workload naming the import.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class SamplePluginTests(PluginHostFixture fixture)
{
    public const string PluginId = "wasmcloud-example-greeting";

    public static string PluginsDir => Path.Combine(AppContext.BaseDirectory, "plugins");

    private static WorkloadStartRequest Request(string host, IDictionary<string, string>? greetingConfig)
    {
        var world = new WitWorld
        {
            Components = { new Component { Name = "greeter", Image = Fixtures.ImageOf(Fixtures.Greeting) } },
            HostInterfaces =
            {
                new WitInterface { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
            },
        };
        if (greetingConfig is not null)
        {
            var entry = new WitInterface { Namespace = "wasmcloud", Package = "example", Version = "0.1.0", Interfaces = { "greeting" } };
            entry.Config.Add(greetingConfig);
            world.HostInterfaces.Add(entry);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload { Namespace = "default", Name = "greeter", WitWorld = world },
        };
    }

    private Task<InProcessHostRuntime> StartHostWithPluginAsync() =>
        InProcessHostRuntime.StartAsync(
            fixture.ControlNats.ClientUrl,
            o => o with { DataNatsUrl = fixture.DataNats.ClientUrl, PluginsDir = PluginsDir, Plugins = [PluginId] },
            cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<(int Status, string Body)> GetAsync(InProcessHostRuntime host, string hostName, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.GetRequiredService<HttpEndpoint>().Port}"), Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = hostName;
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_host_with_the_sample_plugin_serves_a_component_importing_it()
    {
        await using var host = await StartHostWithPluginAsync();
        var workloads = host.GetRequiredService<WorkloadManager>();
        var hostName = PluginRequests.NewHost("greeter");

        var status = await workloads.StartAsync(Request(hostName, new Dictionary<string, string> { ["greeting"] = "Hej" }), TestContext.Current.CancellationToken);

        Assert.True(status.WorkloadState == WorkloadState.Running, $"start failed: {status.WorkloadState} {status.Message}");
        Assert.Equal((200, "Hej, world!"), await GetAsync(host, hostName, "/world"));
    }

    [Fact]
    public async Task A_host_plugins_entry_of_the_user_config_enables_the_plugin_with_its_host_wide_config()
    {
        var configFile = Path.Combine(Directory.CreateTempSubdirectory("user-config-").FullName, "config.yaml");
        await File.WriteAllTextAsync(configFile, $"host:\n  hostPlugins:\n    - name: {PluginId}\n      config: {{greeting: Hola}}\n", TestContext.Current.CancellationToken);
        await using var host = await InProcessHostRuntime.StartAsync(
            fixture.ControlNats.ClientUrl,
            o => o with { DataNatsUrl = fixture.DataNats.ClientUrl, PluginsDir = PluginsDir, UserConfigPath = configFile },
            cancellationToken: TestContext.Current.CancellationToken);
        var workloads = host.GetRequiredService<WorkloadManager>();
        var defaulted = PluginRequests.NewHost("greeter-host-config");
        var own = PluginRequests.NewHost("greeter-own-config");

        var first = await workloads.StartAsync(Request(defaulted, new Dictionary<string, string>()), TestContext.Current.CancellationToken);
        var second = await workloads.StartAsync(Request(own, new Dictionary<string, string> { ["greeting"] = "Hej" }), TestContext.Current.CancellationToken);

        Assert.True(first.WorkloadState == WorkloadState.Running, $"start failed: {first.WorkloadState} {first.Message}");
        Assert.True(second.WorkloadState == WorkloadState.Running, $"start failed: {second.WorkloadState} {second.Message}");
        Assert.Equal((200, "Hola, world!"), await GetAsync(host, defaulted, "/world"));
        Assert.Equal((200, "Hej, world!"), await GetAsync(host, own, "/world"));
    }

    [Fact]
    public async Task The_plugin_refusing_its_config_fails_the_start_with_its_message()
    {
        await using var host = await StartHostWithPluginAsync();
        var workloads = host.GetRequiredService<WorkloadManager>();

        var status = await workloads.StartAsync(Request(PluginRequests.NewHost("greeter-bad"), new Dictionary<string, string> { ["greeting"] = "" }), TestContext.Current.CancellationToken);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains($"plugin '{PluginId}': config key 'greeting' must be 1 to 64 characters", status.Message);
    }

    [Fact]
    public async Task A_component_importing_the_plugin_without_its_host_interface_does_not_start()
    {
        await using var host = await StartHostWithPluginAsync();
        var workloads = host.GetRequiredService<WorkloadManager>();

        var status = await workloads.StartAsync(Request(PluginRequests.NewHost("greeter-undeclared"), greetingConfig: null), TestContext.Current.CancellationToken);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("imports wasmcloud:example/greeting@0.1.0, but the workload's hostInterfaces declare no wasmcloud:example entry", status.Message);
    }

    [Fact]
    public async Task A_host_without_the_plugin_fails_the_start_naming_the_unmatched_import()
    {
        var status = await fixture.StartAsync(Request(PluginRequests.NewHost("greeter-missing"), new Dictionary<string, string>()));

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("wasmcloud:example/greeting@0.1.0", status.Message);
    }
}
