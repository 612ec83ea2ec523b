using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.HostRuntime.Tests.Fakes;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Workloads;

public sealed class WorkloadManagerTests
{
    private readonly ScriptedWorkloadExecutor _executor = new();
    private readonly WorkloadManager _manager;

    public WorkloadManagerTests() => _manager = new WorkloadManager(_executor, NullLogger<WorkloadManager>.Instance);

    private static WorkloadStartRequest Request(string id) => new()
    {
        WorkloadId = id,
        Workload = new Workload { Name = "app", WitWorld = new WitWorld { Components = { new Component { Name = "c", Image = "ghcr.io/acme/c:1" } } } },
    };

    [Fact]
    public async Task Failed_start_keeps_the_id_in_error_so_a_replay_is_already_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        var held = _executor.Hold("w1");
        var start = _manager.StartAsync(Request("w1"), ct);
        held.Fail(new InvalidOperationException("boom"));
        Assert.Equal(WorkloadState.Error, (await start).WorkloadState);

        var replay = await _manager.StartAsync(Request("w1"), ct);

        Assert.Equal("Workload ID [w1] already exists", replay.Message);
        Assert.Equal(("boom", WorkloadState.Error), (_manager.GetStatus("w1").Message, _manager.GetStatus("w1").WorkloadState));
        Assert.Equal(1, _manager.WorkloadCount);
        Assert.Equal(0, _manager.ComponentCount);

        var stop = await _manager.StopAsync("w1", ct);
        Assert.Equal(WorkloadState.Stopping, stop.WorkloadState);
        Assert.Equal(0, _manager.WorkloadCount);
    }

    [Fact]
    public async Task Cancelled_start_says_the_host_is_shutting_down()
    {
        using var shutdown = new CancellationTokenSource();
        _executor.Hold("w2");
        var start = _manager.StartAsync(Request("w2"), shutdown.Token);

        await shutdown.CancelAsync();

        var status = await start;
        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Equal("workload start was cancelled: the host is shutting down", status.Message);
    }

    [Fact]
    public async Task Stop_all_stops_every_running_workload()
    {
        var ct = TestContext.Current.CancellationToken;
        await _manager.StartAsync(Request("a"), ct);
        await _manager.StartAsync(Request("b"), ct);
        Assert.Equal(2, _manager.ComponentCount);

        await _manager.StopAllAsync(ct);

        await _executor.Stopped("a").WaitAsync(TimeSpan.FromSeconds(5), ct);
        await _executor.Stopped("b").WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(0, _manager.WorkloadCount);
    }

    [Fact]
    public async Task Concurrent_stops_of_one_workload_stop_it_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await _manager.StartAsync(Request("c"), ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _manager.StopAsync("c", ct), ct)));

        Assert.Single(results, r => r.WorkloadState == WorkloadState.Stopping);
        Assert.All(results.Where(r => r.WorkloadState != WorkloadState.Stopping), r => Assert.Equal(WorkloadState.NotFound, r.WorkloadState));
    }

    [Fact]
    public void Describe_gives_the_whole_cause_chain()
    {
        var error = new InvalidOperationException("failed to pull image for component 'x'", new HttpRequestException("connection refused", new IOException("connection refused")));

        Assert.Equal("failed to pull image for component 'x': connection refused", WorkloadManager.Describe(error));
    }
}
