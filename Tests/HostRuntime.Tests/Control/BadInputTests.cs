using System.Text;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Control;

/// <summary>
/// Where the reference stays silent and lets the operator time out, this host answers with an ERROR status
/// that says what was wrong, and keeps serving.
/// </summary>
[Collection(HostRuntimeCollection.Name)]
public sealed class BadInputTests(HostRuntimeFixture fixture)
{
    private async Task<WorkloadStatus> SendAsync(string command, string body) =>
        ProtocolJson.Parse<WorkloadStatusResponse>(await fixture.RequestRawAsync(command, Encoding.UTF8.GetBytes(body))).WorkloadStatus;

    private async Task AssertStillServingAsync()
    {
        var heartbeat = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());
        Assert.Equal(fixture.HostId, heartbeat.Id);
    }

    [Theory]
    [InlineData(Commands.WorkloadStart, "{ this is not json")]
    [InlineData(Commands.WorkloadStatus, "[1,2,3]")]
    [InlineData(Commands.WorkloadStop, """{ "workloadId": 42 }""")]
    public async Task Malformed_json_gets_an_error_reply(string command, string body)
    {
        var status = await SendAsync(command, body);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.StartsWith($"malformed {command} request: invalid", status.Message);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Start_without_workload_gets_an_error_reply()
    {
        var status = await SendAsync(Commands.WorkloadStart, """{ "workloadId": "w-no-workload" }""");

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal("w-no-workload", status.WorkloadId);
        Assert.Equal("start request for workload w-no-workload has no workload", status.Message);

        // Nothing was reserved, so a correct start with that ID still works.
        var retry = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, ControlServerTests.StartRequest("w-no-workload"));
        Assert.Equal(WorkloadState.Running, retry.WorkloadStatus.WorkloadState);
    }

    [Theory]
    [InlineData(Commands.WorkloadStart, """{ "workload": { "name": "x" } }""")]
    [InlineData(Commands.WorkloadStatus, "{}")]
    [InlineData(Commands.WorkloadStop, "")]
    public async Task Request_without_workload_id_gets_an_error_reply(string command, string body)
    {
        var status = await SendAsync(command, body);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal($"{command} request has no workloadId", status.Message);
    }

    [Fact]
    public async Task Start_without_components_gets_an_error_reply()
    {
        var request = ControlServerTests.StartRequest(Guid.NewGuid().ToString());
        request.Workload.WitWorld.Components.Clear();

        var reply = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, request);

        Assert.Equal(WorkloadState.Error, reply.WorkloadStatus.WorkloadState);
        Assert.Equal("workload 'default/hello' has no components", reply.WorkloadStatus.Message);
    }

    [Fact]
    public async Task Unknown_command_gets_an_error_reply()
    {
        var status = await SendAsync("workload.restart", "{}");

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.StartsWith("unknown command 'workload.restart'", status.Message);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Oversized_request_gets_an_error_reply()
    {
        var body = $$"""{ "workloadId": "big", "padding": "{{new string('x', HostRuntimeFixture.MaxRequestBytes)}}" }""";

        var status = await SendAsync(Commands.WorkloadStart, body);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal($"request of {Encoding.UTF8.GetByteCount(body)} bytes exceeds the host's limit of {HostRuntimeFixture.MaxRequestBytes} bytes", status.Message);
        var unknown = await fixture.RequestAsync<WorkloadStatusResponse>(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = "big" });
        Assert.Equal(WorkloadState.NotFound, unknown.WorkloadStatus.WorkloadState);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Bad_input_without_a_reply_subject_is_dropped_and_the_host_keeps_serving()
    {
        await fixture.Client.PublishAsync(Subjects.HostCommand(fixture.HostId, Commands.WorkloadStart), Encoding.UTF8.GetBytes("{ nope"), cancellationToken: TestContext.Current.CancellationToken);

        await AssertStillServingAsync();
    }
}
