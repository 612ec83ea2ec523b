using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// <c>wasi:config/store</c> and <c>wasi:logging</c> seen from a componentize-js component served through the real
/// router: the layered config view of reference §5.4 and log lines in the host's log, tagged with the workload.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class WasiConfigAndLoggingTests(WasmHostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Config_reader_sees_interface_config_then_local_config_then_environment()
    {
        var host = StartRequests.NewHost("config");
        var request = ConfigReader(
            host,
            interfaceConfig: new() { ["only-interface"] = "i", ["in-all"] = "from interface", ["in-interface-and-local"] = "from interface" },
            localConfig: new() { ["only-local"] = "l", ["in-all"] = "from local", ["in-interface-and-local"] = "from local" },
            environment: new() { ["only-environment"] = "e", ["in-all"] = "from environment" });
        await fixture.StartRunningAsync(request);

        Assert.Equal((200, "from environment"), await fixture.GetAsync(host, "/?key=in-all"));
        Assert.Equal((200, "from local"), await fixture.GetAsync(host, "/?key=in-interface-and-local"));
        Assert.Equal((200, "i"), await fixture.GetAsync(host, "/?key=only-interface"));
        Assert.Equal((200, "e"), await fixture.GetAsync(host, "/?key=only-environment"));
        Assert.Equal((404, "no value for missing"), await fixture.GetAsync(host, "/?key=missing"));

        var (status, body) = await fixture.GetAsync(host, "/");
        Assert.Equal(200, status);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["in-all"] = "from environment",
                ["in-interface-and-local"] = "from local",
                ["only-environment"] = "e",
                ["only-interface"] = "i",
                ["only-local"] = "l",
            },
            JsonSerializer.Deserialize<Dictionary<string, string>>(body));
    }

    [Fact]
    public async Task Config_reader_without_config_sees_an_empty_store()
    {
        var host = await fixture.ServeAsync(Fixtures.JsConfigReader, "config-empty");

        Assert.Equal((200, "{}"), await fixture.GetAsync(host, "/"));
        Assert.Equal(404, (await fixture.GetAsync(host, "/?key=anything")).Status);
    }

    [Fact]
    public async Task Log_lines_reach_the_host_log_tagged_with_namespace_workload_and_component()
    {
        var host = StartRequests.NewHost("logging");
        var request = ConfigReader(host);
        var workloadId = await fixture.StartRunningAsync(request);

        Assert.Equal(404, (await fixture.GetAsync(host, "/?key=nothing")).Status);

        // The guest logs before it answers, on the request's own thread, so the line is there by now.
        var line = Assert.Single(GuestLines(workloadId));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("default", line.Fields["WorkloadNamespace"]);
        Assert.Equal(request.Workload.Name, line.Fields["Workload"]);
        Assert.Equal(Fixtures.JsConfigReader, line.Fields["Component"]);
        Assert.Equal("config-reader", line.Fields["Context"]);
        Assert.Equal("serving /?key=nothing", line.Fields["Message"]);
    }

    [Fact]
    public async Task Huge_log_message_is_cut_short_and_the_request_still_answers()
    {
        var host = StartRequests.NewHost("logging-huge");
        var workloadId = await fixture.StartRunningAsync(ConfigReader(host, localConfig: new() { ["k"] = "v" }));
        const int Size = 1_000_000;

        Assert.Equal((200, "v"), await fixture.GetAsync(host, $"/?log={Size}&key=k"));

        var huge = Assert.Single(GuestLines(workloadId), l => l.Level == LogLevel.Warning);
        var message = huge.Fields["Message"]!;
        Assert.Equal(new string('x', GuestLog.MaxMessageBytes) + $"… ({Size - GuestLog.MaxMessageBytes} more bytes dropped)", message);
    }

    [Fact]
    public void Host_provides_the_config_and_logging_names_current_toolchains_import()
    {
        string[] imports =
        [
            "wasi:config/store@0.2.0-rc.1", "wasi:config/store@0.2.0-draft", "wasi:config/runtime@0.2.0-draft",
            "wasi:logging/logging@0.1.0-draft", "wasi:logging/logging",
        ];

        Assert.Empty(fixture.Engine.WasiHttpLinker.MissingImports(imports));
    }

    private IEnumerable<RecordedLogLine> GuestLines(string workloadId) =>
        fixture.Logs.Lines.Where(l => l.EventId == 5140 && l.Fields.GetValueOrDefault("WorkloadId") == workloadId);

    /// <summary>The config reader on <paramref name="host"/> with the three config layers a workload can set.</summary>
    private static WorkloadStartRequest ConfigReader(
        string host,
        Dictionary<string, string>? interfaceConfig = null,
        Dictionary<string, string>? localConfig = null,
        Dictionary<string, string>? environment = null)
    {
        var request = StartRequests.Http(Fixtures.JsConfigReader, host, environment: environment);
        if (interfaceConfig is not null)
        {
            request.Workload.WitWorld.HostInterfaces.Add(new WitInterface
            {
                Namespace = "wasi",
                Package = "config",
                Version = "0.2.0-rc.1",
                Interfaces = { "store" },
                Config = { interfaceConfig },
            });
        }

        request.Workload.WitWorld.Components[0].LocalResources.Config.Add(localConfig ?? []);
        return request;
    }
}
