using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// The <c>wasi:cli</c> world of a wasi:http component served through the real router: <c>localResources.environment</c>
/// is what <c>wasi:cli/environment</c> returns, and what the component writes to stdout and stderr becomes lines of the
/// host's log, tagged with the workload, the component and the stream.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class WasiCliTests(WasmHostFixture fixture)
{
    [Fact]
    public async Task Environment_reaches_the_component_and_its_stdout_and_stderr_reach_the_host_log()
    {
        var host = StartRequests.NewHost("cli");
        var environment = new Dictionary<string, string> { ["GREETING"] = "hello from the workload", ["EMPTY"] = "", ["WITH_EQUALS"] = "a=b" };
        var workloadId = await fixture.StartRunningAsync(StartRequests.Http(Fixtures.HttpCli, host, environment: environment));

        var (status, body) = await fixture.GetAsync(host);

        Assert.Equal(200, status);
        Assert.Equal(
            environment.Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal),
            body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var output = await Eventually.Until(
            () => Task.FromResult<(string?, string?)[]?>(GuestOutput(workloadId)),
            lines => lines is { Length: 2 },
            "the component's stdout and stderr lines in the host log");
        Assert.Equal([("stderr", "to stderr from http-cli"), ("stdout", "to stdout from http-cli")], output.Order());
        Assert.All(
            fixture.Logs.Lines.Where(l => l.EventId == 5113 && l.Fields.GetValueOrDefault("WorkloadId") == workloadId),
            line => Assert.Equal(Fixtures.HttpCli, line.Fields["Component"]));
    }

    private (string?, string?)[] GuestOutput(string workloadId) =>
    [
        .. fixture.Logs.Lines
            .Where(l => l.EventId == 5113 && l.Fields.GetValueOrDefault("WorkloadId") == workloadId)
            .Select(l => (l.Fields.GetValueOrDefault("Stream"), l.Fields.GetValueOrDefault("Line"))),
    ];
}
