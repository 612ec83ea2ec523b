using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// A host whose <c>--data-nats-url</c> points at nothing still starts and serves its control plane; a component
/// that uses keyvalue gets a keyvalue error naming the data NATS, not a hang until the deadline or a crash.
/// </summary>
public sealed class DataConnectionTests
{
    [Fact]
    public async Task An_unreachable_data_nats_is_a_keyvalue_error_and_not_a_failed_host()
    {
        await using var control = new NatsServerFixture();
        await control.InitializeAsync();
        var nowhere = $"nats://127.0.0.1:{FreePort.Next()}";
        await using var runtime = await InProcessHostRuntime.StartAsync(
            control.ClientUrl,
            o => o with { DataNatsUrl = nowhere, RequestTimeout = TimeSpan.FromSeconds(30) },
            cancellationToken: TestContext.Current.CancellationToken);
        var request = PluginRequests.KeyValue(PluginRequests.NewHost("kv-nowhere"));

        var status = await runtime.GetRequiredService<WorkloadManager>().StartAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(Protocol.V2.WorkloadState.Running, status.WorkloadState);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{runtime.GetRequiredService<HttpEndpoint>().Port}") };
        using var message = new HttpRequestMessage(HttpMethod.Get, "/kv/anything");
        message.Headers.Host = request.Workload.WitWorld.HostInterfaces[0].Config["host"];
        using var response = await http.SendAsync(message, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.StartsWith("keyvalue error: other: data NATS: ", body);
    }
}
