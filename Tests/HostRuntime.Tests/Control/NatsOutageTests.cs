using NATS.Client.Core;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.HostRuntime.Tests.Control;

/// <summary>Hosts start before NATS in a fresh cluster, and NATS restarts under running hosts.</summary>
[Collection(NatsOutageCollection.Name)]
public sealed class NatsOutageTests(NatsServerFixture nats)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private async Task<HostHeartbeat> AskHeartbeatAsync(string hostId, CancellationToken ct)
    {
        await using var client = new NatsConnection(NatsOpts.Default with { Url = nats.ClientUrl });
        var reply = await client.RequestAsync<byte[], string>(
            Subjects.HostCommand(hostId, Commands.Heartbeat), [], replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(5) }, cancellationToken: ct);
        return ProtocolJson.Parse<HostHeartbeat>(reply.Data!);
    }

    [Fact]
    public async Task Host_started_before_nats_comes_up_once_nats_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await nats.StopAsync();
        try
        {
            var starting = InProcessHostRuntime.StartAsync(nats.ClientUrl, cancellationToken: ct);
            await nats.StartAsync(ct);
            await using var host = await starting.WaitAsync(Patience, ct);

            Assert.Equal(host.HostId, (await AskHeartbeatAsync(host.HostId, ct)).Id);
        }
        finally
        {
            await nats.StartAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Host_answers_again_after_nats_restarts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await InProcessHostRuntime.StartAsync(nats.ClientUrl, cancellationToken: ct);
        Assert.Equal(host.HostId, (await AskHeartbeatAsync(host.HostId, ct)).Id);

        await nats.StopAsync();
        await nats.StartAsync(ct);

        // The client reconnects and resubscribes on its own schedule; poll until the host is heard again.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Patience);
        while (true)
        {
            try
            {
                Assert.Equal(host.HostId, (await AskHeartbeatAsync(host.HostId, deadline.Token)).Id);
                break;
            }
            catch (Exception e) when (e is NatsNoRespondersException or NatsNoReplyException or NatsException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
    }
}
