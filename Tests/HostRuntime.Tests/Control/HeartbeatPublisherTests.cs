using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;

namespace Wasmcloud.HostRuntime.Tests.Control;

[Collection(HostRuntimeCollection.Name)]
public sealed class HeartbeatPublisherTests(HostRuntimeFixture fixture)
{
    [Fact]
    public async Task First_heartbeat_goes_out_at_start_with_real_figures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var all = await fixture.Client.SubscribeCoreAsync<string>(Subjects.AllHeartbeats, cancellationToken: ct);
        await fixture.Client.PingAsync(ct);

        // An hour-long interval: only the heartbeat sent at start can arrive during this test.
        await using var host = await InProcessHostRuntime.StartAsync(
            fixture.Nats.ClientUrl, o => o with { HeartbeatInterval = TimeSpan.FromHours(1), HostGroup = "blue" }, cancellationToken: ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        HostHeartbeat heartbeat;
        do
        {
            var message = await all.Msgs.ReadAsync(deadline.Token);
            heartbeat = ProtocolJson.Parse<HostHeartbeat>(message.Data!);
            Assert.Equal(Subjects.Heartbeat(heartbeat.Id), message.Subject);
        }
        while (heartbeat.Id != host.HostId);

        Assert.True(Guid.TryParse(heartbeat.Id, out var id) && id.Version == 4);
        Assert.Equal(host.Identity.FriendlyName, heartbeat.FriendlyName);
        Assert.Equal(new Dictionary<string, string> { ["hostgroup"] = "blue" }, heartbeat.Labels);
        Assert.Equal("linux", heartbeat.OsName);
        Assert.Equal("unix", heartbeat.OsKernel);
        Assert.Contains(heartbeat.OsArch, new[] { "x86_64", "aarch64" });
        Assert.True(heartbeat.SystemMemoryTotal > heartbeat.SystemMemoryFree);
        Assert.True(heartbeat.SystemMemoryFree > 0);
        Assert.InRange(heartbeat.SystemCpuUsage, 0f, 100f);
        Assert.Equal(0UL, heartbeat.WorkloadCount);
        Assert.NotEqual(0U, heartbeat.HttpPort);
        Assert.False(string.IsNullOrEmpty(heartbeat.Version));
        Assert.InRange(heartbeat.StartedAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Heartbeats_repeat_at_the_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var subscription = await fixture.Client.SubscribeCoreAsync<string>(Subjects.Heartbeat(fixture.HostId), cancellationToken: ct);
        await fixture.Client.PingAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));

        var first = await subscription.Msgs.ReadAsync(deadline.Token);
        var second = await subscription.Msgs.ReadAsync(deadline.Token);

        Assert.Equal(fixture.HostId, ProtocolJson.Parse<HostHeartbeat>(first.Data!).Id);
        Assert.Equal(fixture.HostId, ProtocolJson.Parse<HostHeartbeat>(second.Data!).Id);
    }
}
