using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.HostRuntime.Tests.Control;
using Wasmcloud.HostRuntime.Tests.Fakes;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;

namespace Wasmcloud.HostRuntime.Tests.Hosting;

[Collection(HostRuntimeCollection.Name)]
public sealed class ShutdownTests(HostRuntimeFixture fixture)
{
    [Fact]
    public async Task Stopping_the_host_stops_its_workloads()
    {
        var ct = TestContext.Current.CancellationToken;
        var executor = new ScriptedWorkloadExecutor();
        var host = await InProcessHostRuntime.StartAsync(fixture.Nats.ClientUrl, configureServices: s => s.AddSingleton<IWorkloadExecutor>(executor), cancellationToken: ct);
        await using (host)
        {
            var start = await fixture.Client.RequestAsync<byte[], string>(
                Subjects.HostCommand(host.HostId, Commands.WorkloadStart), ProtocolJson.Encode(ControlServerTests.StartRequest("to-stop")), cancellationToken: ct);
            Assert.Equal(WorkloadState.Running, ProtocolJson.Parse<WorkloadStartResponse>(start.Data!).WorkloadStatus.WorkloadState);

            // What SIGTERM does through the ASP.NET host lifetime.
            await host.App.StopAsync(ct);

            Assert.True(executor.Stopped("to-stop").IsCompleted);
            Assert.Equal(0, host.GetRequiredService<WorkloadManager>().WorkloadCount);
        }
    }

    [Fact]
    public async Task Serves_http_health_on_the_configured_address()
    {
        var ct = TestContext.Current.CancellationToken;
        var heartbeat = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{heartbeat.HttpPort}/healthz"), ct);

        Assert.Equal("ok", body);
    }
}
