using System.Text;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Json;

namespace Wasmcloud.HostRuntime.Tests.Control;

/// <summary>Reference §4.4 semantics over a real nats-server, checked on the wire.</summary>
[Collection(HostRuntimeCollection.Name)]
public sealed class ControlServerTests(HostRuntimeFixture fixture)
{
    internal static WorkloadStartRequest StartRequest(string workloadId, string image = "ghcr.io/acme/hello:1.0") => new()
    {
        WorkloadId = workloadId,
        Workload = new Workload
        {
            Namespace = "default",
            Name = "hello",
            WitWorld = new WitWorld
            {
                Components = { new Component { Name = "hello", Image = image } },
                HostInterfaces = { new WitInterface { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" }, Config = { ["host"] = "hello.example.com" } } },
            },
        },
    };

    private static string NewId() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Start_replies_running_in_the_reference_shape()
    {
        var id = NewId();

        var reply = await fixture.RequestAsync(Commands.WorkloadStart, StartRequest(id));

        JsonAssert.Equivalent(
            $$"""{ "workloadStatus": { "workloadId": "{{id}}", "workloadState": "WORKLOAD_STATE_RUNNING", "message": "Workload started successfully" } }""",
            reply);
    }

    [Fact]
    public async Task Second_start_with_the_same_id_is_an_error_already_exists()
    {
        var id = NewId();
        await fixture.RequestAsync(Commands.WorkloadStart, StartRequest(id));

        var reply = await fixture.RequestAsync(Commands.WorkloadStart, StartRequest(id));

        JsonAssert.Equivalent(
            $$"""{ "workloadStatus": { "workloadId": "{{id}}", "workloadState": "WORKLOAD_STATE_ERROR", "message": "Workload ID [{{id}}] already exists" } }""",
            reply);
    }

    [Fact]
    public async Task Status_of_an_unknown_id_is_not_found()
    {
        var reply = await fixture.RequestAsync(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = "nope" });

        JsonAssert.Equivalent(
            """{ "workloadStatus": { "workloadId": "nope", "workloadState": "WORKLOAD_STATE_NOT_FOUND", "message": "Workload not found: nope" } }""",
            reply);
    }

    [Fact]
    public async Task Stop_replies_stopping_then_the_workload_is_not_found()
    {
        var id = NewId();
        await fixture.RequestAsync(Commands.WorkloadStart, StartRequest(id));
        var running = await fixture.RequestAsync<WorkloadStatusResponse>(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = id });
        Assert.Equal(WorkloadState.Running, running.WorkloadStatus.WorkloadState);

        var stop = await fixture.RequestAsync(Commands.WorkloadStop, new WorkloadStopRequest { WorkloadId = id });

        JsonAssert.Equivalent(
            $$"""{ "workloadStatus": { "workloadId": "{{id}}", "workloadState": "WORKLOAD_STATE_STOPPING", "message": "Workload stopped successfully" } }""",
            stop);
        await fixture.Executor.Stopped(id).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var after = await fixture.RequestAsync<WorkloadStatusResponse>(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = id });
        Assert.Equal(WorkloadState.NotFound, after.WorkloadStatus.WorkloadState);
        var again = await fixture.RequestAsync<WorkloadStopResponse>(Commands.WorkloadStop, new WorkloadStopRequest { WorkloadId = id });
        Assert.Equal(WorkloadState.NotFound, again.WorkloadStatus.WorkloadState);
    }

    [Fact]
    public async Task Failed_start_replies_error_with_the_full_reason_and_status_keeps_it()
    {
        var id = NewId();
        var missing = Path.Combine(Path.GetTempPath(), $"{id}.wasm");

        var reply = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, StartRequest(id, $"file://{missing}"));

        Assert.Equal(WorkloadState.Error, reply.WorkloadStatus.WorkloadState);
        Assert.Equal($"failed to pull image for component 'hello': file not found: {missing}", reply.WorkloadStatus.Message);
        var status = await fixture.RequestAsync<WorkloadStatusResponse>(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = id });
        Assert.Equal(reply.WorkloadStatus, status.WorkloadStatus);
    }

    [Fact]
    public async Task Start_written_in_snake_case_is_accepted()
    {
        var id = NewId();
        var body = $$"""
            { "workload_id": "{{id}}", "workload": { "namespace": "default", "name": "snake",
              "wit_world": { "components": [ { "name": "c", "image": "ghcr.io/acme/c:1", "pool_size": 2, "image_pull_policy": "IMAGE_PULL_POLICY_ALWAYS" } ],
                             "host_interfaces": [ { "namespace": "wasi", "package": "http", "interfaces": [ "incoming-handler" ] } ] } },
              "some_future_field": true }
            """;

        var reply = ProtocolJson.Parse<WorkloadStartResponse>(await fixture.RequestRawAsync(Commands.WorkloadStart, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(WorkloadState.Running, reply.WorkloadStatus.WorkloadState);
        Assert.Equal(id, reply.WorkloadStatus.WorkloadId);
    }

    [Fact]
    public async Task Heartbeat_request_answers_a_fresh_heartbeat()
    {
        var heartbeat = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());

        Assert.Equal(fixture.HostId, heartbeat.Id);
        Assert.Equal(fixture.Host.Identity.FriendlyName, heartbeat.FriendlyName);
        Assert.Equal("edge", heartbeat.Labels["hostgroup"]);
        Assert.Equal("tenant-a", heartbeat.Environment);
        Assert.Equal("127.0.0.1", heartbeat.Hostname);
        Assert.True(heartbeat.SystemMemoryTotal > 0);
        Assert.True(heartbeat.HttpPort > 0);
    }

    [Fact]
    public async Task Empty_heartbeat_body_is_accepted()
    {
        var reply = ProtocolJson.Parse<HostHeartbeat>(await fixture.RequestRawAsync(Commands.Heartbeat, []));

        Assert.Equal(fixture.HostId, reply.Id);
    }

    [Fact]
    public async Task Counts_in_heartbeats_follow_the_workloads()
    {
        var before = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());
        var id = NewId();
        var request = StartRequest(id);
        request.Workload.WitWorld.Components.Add(new Component { Name = "second", Image = "ghcr.io/acme/second:1" });
        await fixture.RequestAsync(Commands.WorkloadStart, request);

        var during = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());
        await fixture.RequestAsync(Commands.WorkloadStop, new WorkloadStopRequest { WorkloadId = id });
        var after = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());

        // Tests of one collection run one at a time, so only this test changes the counts meanwhile.
        Assert.Equal(before.WorkloadCount + 1, during.WorkloadCount);
        Assert.Equal(before.ComponentCount + 2, during.ComponentCount);
        Assert.Equal(before.WorkloadCount, after.WorkloadCount);
        Assert.Equal(before.ComponentCount, after.ComponentCount);
    }

    [Fact]
    public void Reply_messages_match_the_reference()
    {
        Assert.Equal("Workload started successfully", WorkloadManager.StartedMessage);
        Assert.Equal("Workload stopped successfully", WorkloadManager.StoppedMessage);
    }
}
