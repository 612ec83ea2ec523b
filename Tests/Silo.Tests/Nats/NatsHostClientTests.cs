using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Protocol;

namespace Wasmcloud.Silo.Tests.Nats;

/// <summary>The silo's host client against a real HostRuntime over a real nats-server.</summary>
[Collection(SiloNatsCollection.Name)]
public sealed class NatsHostClientTests(SiloNatsFixture fixture)
{
    internal static WorkloadStartCommand Command(string workloadId, string image = "ghcr.io/acme/hello:1.0") => new(
        workloadId,
        "default",
        "hello",
        new Dictionary<string, string>(),
        new WorkloadSpec
        {
            Components = [new WorkloadComponent { Name = "hello", Image = image }],
            HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = new() { ["host"] = "hello.example.com" } }],
        },
        new Dictionary<string, RegistryCredential>());

    [Fact]
    public async Task Start_status_stop_round_trip()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString();

        var started = await fixture.Client.StartWorkloadAsync(fixture.Host.HostId, Command(id), ct);
        var status = await fixture.Client.GetWorkloadStatusAsync(fixture.Host.HostId, id, ct);
        var stopped = await fixture.Client.StopWorkloadAsync(fixture.Host.HostId, id, ct);
        var gone = await fixture.Client.GetWorkloadStatusAsync(fixture.Host.HostId, id, ct);

        Assert.Equal(new HostWorkloadResult(WorkloadState.Running, "Workload started successfully"), started);
        Assert.Equal(WorkloadState.Running, status.State);
        Assert.Equal(new HostWorkloadResult(WorkloadState.Stopping, "Workload stopped successfully"), stopped);
        Assert.Equal(new HostWorkloadResult(WorkloadState.NotFound, $"Workload not found: {id}"), gone);
    }

    [Fact]
    public async Task Replayed_start_is_already_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString();
        await fixture.Client.StartWorkloadAsync(fixture.Host.HostId, Command(id), ct);

        var replay = await fixture.Client.StartWorkloadAsync(fixture.Host.HostId, Command(id), ct);

        Assert.Equal(new HostWorkloadResult(WorkloadState.Error, $"Workload ID [{id}] already exists"), replay);
    }

    [Fact]
    public async Task Failed_start_carries_the_host_reason()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await fixture.Client.StartWorkloadAsync(fixture.Host.HostId, Command(Guid.NewGuid().ToString(), "file:///no/such/hello.wasm"), ct);

        Assert.Equal(new HostWorkloadResult(WorkloadState.Error, "failed to pull image for component 'hello': file not found: /no/such/hello.wasm"), result);
    }

    [Fact]
    public async Task Probe_returns_a_fresh_heartbeat()
    {
        var heartbeat = await fixture.Client.ProbeAsync(fixture.Host.HostId, TestContext.Current.CancellationToken);

        Assert.NotNull(heartbeat);
        Assert.Equal(fixture.Host.HostId, heartbeat.Id);
        Assert.Equal(fixture.Host.Identity.FriendlyName, heartbeat.FriendlyName);
        Assert.Equal("silo-test", heartbeat.Labels["hostgroup"]);
        Assert.True(heartbeat.SystemMemoryTotal > 0);
        Assert.NotNull(heartbeat.StartedAt);
    }

    [Fact]
    public async Task Unknown_host_is_unreachable_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<HostUnreachableException>(() => fixture.Client.StartWorkloadAsync("no-such-host", Command("w"), ct));

        Assert.Contains("no responders", error.Message);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(5), "no responders must not wait for the 10 s start timeout");
        await Assert.ThrowsAsync<HostUnreachableException>(() => fixture.Client.GetWorkloadStatusAsync("no-such-host", "w", ct));
        await Assert.ThrowsAsync<HostUnreachableException>(() => fixture.Client.StopWorkloadAsync("no-such-host", "w", ct));
        Assert.Null(await fixture.Client.ProbeAsync("no-such-host", ct));
    }

    [Fact]
    public async Task Silent_host_is_unreachable_after_the_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var hostId = "silent-" + Guid.NewGuid().ToString("N");

        // Subscribed, so the server has a responder, but it never answers.
        await using var silent = await fixture.Raw.SubscribeCoreAsync<byte[]>(Subjects.HostCommands(hostId), cancellationToken: ct);
        await fixture.Raw.PingAsync(ct);

        var error = await Assert.ThrowsAsync<HostUnreachableException>(() => fixture.Client.GetWorkloadStatusAsync(hostId, "w", ct));
        Assert.Contains("did not answer workload.status", error.Message);
        Assert.Null(await fixture.Client.ProbeAsync(hostId, ct));
    }

    [Fact]
    public async Task Garbled_reply_is_an_error_result_not_a_crash()
    {
        var ct = TestContext.Current.CancellationToken;
        var hostId = "garbled-" + Guid.NewGuid().ToString("N");
        await using var liar = await fixture.Raw.SubscribeCoreAsync<byte[]>(Subjects.HostCommands(hostId), cancellationToken: ct);
        await fixture.Raw.PingAsync(ct);
        var answering = Task.Run(
            async () =>
            {
                var request = await liar.Msgs.ReadAsync(ct);
                await request.ReplyAsync("<html>not json</html>"u8.ToArray(), cancellationToken: ct);
            },
            ct);

        var result = await fixture.Client.GetWorkloadStatusAsync(hostId, "w", ct);
        await answering;

        Assert.Equal(WorkloadState.Error, result.State);
        Assert.StartsWith($"host {hostId} sent an invalid workload.status reply: invalid JSON", result.Message);
    }

    [Fact]
    public void Connected_since_is_set_while_connected()
    {
        Assert.NotNull(fixture.Client.ConnectedSince);
        Assert.True(fixture.Client.ConnectedSince <= DateTimeOffset.UtcNow);
    }
}
