using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>
/// Component-model binaries: a service exporting <c>wasi:cli/run</c> runs under the same supervision as a command
/// module, and only a component exporting wasi:http/incoming-handler can be the HTTP entry. The components are
/// hand-written WAT.
/// </summary>
[Collection(WasmHostCollection.Name)]
public sealed class ComponentTests(WasmHostFixture fixture) : IDisposable
{
    private readonly List<string> _files = [];

    /// <summary>A component whose <c>wasi:cli/run@0.2.0#run</c> returns ok (0) or err (1).</summary>
    private static string RunComponent(bool ok) => $"""
        ;; wasi:cli/run that returns at once
        (component
          (core module $m (func (export "run") (result i32) (i32.const {(ok ? 0 : 1)})))
          (core instance $i (instantiate $m))
          (func $run (result (result)) (canon lift (core func $i "run")))
          (instance $cli (export "run" (func $run)))
          (export "wasi:cli/run@0.2.0" (instance $cli)))
        """;

    private string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"component-{Guid.NewGuid():N}.wat");
        File.WriteAllText(path, text);
        _files.Add(path);
        return new Uri(path).AbsoluteUri;
    }

    private WorkloadStartRequest ServiceRequest(string image, ulong maxRestarts)
    {
        var request = StartRequests.WithService(maxRestarts);
        request.Workload.Service.Image = image;
        return request;
    }

    [Fact]
    public async Task Component_service_that_fails_is_restarted_then_the_workload_is_in_error()
    {
        var request = ServiceRequest(Write(RunComponent(ok: false)), maxRestarts: 1);

        await fixture.StartRunningAsync(request);
        var failed = await Eventually.Until(
            () => Task.FromResult<WorkloadStatus?>(fixture.Workloads.GetStatus(request.WorkloadId)),
            s => s!.WorkloadState == WorkloadState.Error,
            "the component service to use up its restarts");

        Assert.Equal("service failed after 1 restart (maxRestarts 1): exited with code 1", failed.Message);
    }

    [Fact]
    public async Task Component_service_that_returns_ok_is_not_restarted_and_the_workload_keeps_running()
    {
        var request = ServiceRequest(Write(RunComponent(ok: true)), maxRestarts: 0);

        await fixture.StartRunningAsync(request);

        // The service has finished by the time a stop has waited for it; the workload never turned to ERROR.
        Assert.Equal(WorkloadState.Running, fixture.Workloads.GetStatus(request.WorkloadId).WorkloadState);
        Assert.Equal(WorkloadState.Stopping, (await fixture.StopAsync(request.WorkloadId)).WorkloadState);
    }

    [Fact]
    public async Task Component_without_wasi_cli_run_cannot_be_the_service()
    {
        var request = ServiceRequest(Write("(component)"), maxRestarts: 0);

        var status = await fixture.StartAsync(request);

        Assert.Equal("service failed to instantiate: it exports no wasi:cli/run interface: not a WASI command component", status.Message);
    }

    [Fact]
    public async Task Component_without_an_incoming_handler_cannot_serve_http()
    {
        var request = StartRequests.Http(Fixtures.Hello, StartRequests.NewHost("component"), image: Write(RunComponent(ok: true)));

        var status = await fixture.StartAsync(request);

        Assert.Equal(
            "no component can serve wasi:http: it takes a component exporting wasi:http/incoming-handler (or a WASI command module, served CGI-style), and component 'hello' is a WebAssembly component that exports no wasi:http/incoming-handler",
            status.Message);
    }

    [Fact]
    public async Task Component_next_to_a_command_module_is_compiled_and_counted()
    {
        var host = StartRequests.NewHost("mixed");
        var request = StartRequests.Http(Fixtures.Hello, host);
        request.Workload.WitWorld.Components.Add(new Component { Name = "helper", Image = Write(RunComponent(ok: true)) });

        await fixture.StartRunningAsync(request);

        Assert.Equal((200, Fixtures.HelloText), await fixture.GetAsync(host));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
