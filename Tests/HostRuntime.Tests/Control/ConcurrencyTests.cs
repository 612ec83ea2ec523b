using Wasmcloud.HostRuntime.Tests.Fakes;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Control;

/// <summary>The reference handles commands serially; a slow start (an image pull) must not hold anything else up here.</summary>
[Collection(HostRuntimeCollection.Name)]
public sealed class ConcurrencyTests(HostRuntimeFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Slow_start_does_not_delay_heartbeats_status_or_other_workloads()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slowId, held, slowStart) = await StartHeldAsync();

        // A heartbeat request and another workload's start complete while the slow start is still blocked.
        var heartbeat = await fixture.RequestAsync<HostHeartbeat>(Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty());
        var otherId = Guid.NewGuid().ToString();
        var other = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, ControlServerTests.StartRequest(otherId));
        var status = await fixture.RequestAsync<WorkloadStatusResponse>(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = slowId });
        var duplicate = await fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, ControlServerTests.StartRequest(slowId));

        Assert.Equal(fixture.HostId, heartbeat.Id);
        Assert.Equal(WorkloadState.Running, other.WorkloadStatus.WorkloadState);
        Assert.Equal(WorkloadState.Starting, status.WorkloadStatus.WorkloadState);
        Assert.Equal(WorkloadState.Error, duplicate.WorkloadStatus.WorkloadState);
        Assert.Equal($"Workload ID [{slowId}] already exists", duplicate.WorkloadStatus.Message);
        Assert.False(slowStart.IsCompleted);

        held.Release();
        var slow = await slowStart.WaitAsync(Patience, ct);
        Assert.Equal(WorkloadState.Running, slow.WorkloadStatus.WorkloadState);
    }

    [Fact]
    public async Task Published_heartbeats_keep_coming_during_a_slow_start()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var heartbeats = await fixture.Client.SubscribeCoreAsync<string>(Subjects.Heartbeat(fixture.HostId), cancellationToken: ct);
        await fixture.Client.PingAsync(ct);
        var (_, held, slowStart) = await StartHeldAsync();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Patience);
        var received = 0;
        while (received < 3)
        {
            var message = await heartbeats.Msgs.ReadAsync(deadline.Token);
            Assert.Equal(fixture.HostId, ProtocolJson.Parse<HostHeartbeat>(message.Data!).Id);
            received++;
        }

        Assert.False(slowStart.IsCompleted);
        held.Release();
        Assert.Equal(WorkloadState.Running, (await slowStart.WaitAsync(Patience, ct)).WorkloadStatus.WorkloadState);
    }

    [Fact]
    public async Task Stop_during_a_slow_start_waits_for_it_then_tears_it_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, held, start) = await StartHeldAsync();

        var stop = fixture.RequestAsync<WorkloadStopResponse>(Commands.WorkloadStop, new WorkloadStopRequest { WorkloadId = id }, TimeSpan.FromSeconds(30));
        held.Release();

        Assert.Equal(WorkloadState.Running, (await start.WaitAsync(Patience, ct)).WorkloadStatus.WorkloadState);
        Assert.Equal(WorkloadState.Stopping, (await stop.WaitAsync(Patience, ct)).WorkloadStatus.WorkloadState);
        await fixture.Executor.Stopped(id).WaitAsync(Patience, ct);
        var status = await fixture.RequestAsync<WorkloadStatusResponse>(Commands.WorkloadStatus, new WorkloadStatusRequest { WorkloadId = id });
        Assert.Equal(WorkloadState.NotFound, status.WorkloadStatus.WorkloadState);
    }

    [Fact]
    public async Task Executor_failure_after_a_slow_start_is_reported_with_its_cause_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, held, start) = await StartHeldAsync();

        held.Fail(new InvalidOperationException("failed to pull image for component 'hello'", new TimeoutException("registry did not answer within 30s")));

        var reply = await start.WaitAsync(Patience, ct);
        Assert.Equal(WorkloadState.Error, reply.WorkloadStatus.WorkloadState);
        Assert.Equal("failed to pull image for component 'hello': registry did not answer within 30s", reply.WorkloadStatus.Message);
    }

    /// <summary>Sends a start for a new workload whose executor blocks until released, and returns once it blocks.</summary>
    private async Task<(string Id, ScriptedWorkloadExecutor.HeldStart Held, Task<WorkloadStartResponse> Start)> StartHeldAsync()
    {
        var id = Guid.NewGuid().ToString();
        var held = fixture.Executor.Hold(id);
        var start = fixture.RequestAsync<WorkloadStartResponse>(Commands.WorkloadStart, ControlServerTests.StartRequest(id), TimeSpan.FromSeconds(30));
        await held.Entered.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        return (id, held, start);
    }
}
