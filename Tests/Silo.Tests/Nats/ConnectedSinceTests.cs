using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Nats;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Nats;

/// <summary>
/// An operator that has lost its own NATS connection must know it, so it does not mistake its own deafness for
/// dead hosts (reference §3.5). This collection owns its nats-server, which the test stops and starts.
/// </summary>
[Collection(NatsOutageCollection.Name)]
public sealed class ConnectedSinceTests(NatsServerFixture nats)
{
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
        }
    }

    [Fact]
    public async Task Connected_since_is_null_during_an_outage_and_fresh_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = SiloNatsFixture.BuildServices(nats.ClientUrl, new RecordingHeartbeatSink());
        var client = services.GetRequiredService<IHostClient>();
        var subscriber = services.GetRequiredService<HeartbeatSubscriber>();
        Assert.Null(client.ConnectedSince);

        await subscriber.StartAsync(ct);
        try
        {
            await WaitUntilAsync(() => client.ConnectedSince is not null, "connected");
            var first = client.ConnectedSince!.Value;

            await nats.StopAsync();
            await WaitUntilAsync(() => client.ConnectedSince is null, "the loss of the connection is noticed");
            await Assert.ThrowsAsync<HostUnreachableException>(() => client.GetWorkloadStatusAsync("any-host", "w", ct));

            await nats.StartAsync(ct);
            await WaitUntilAsync(() => client.ConnectedSince is not null, "reconnected");
            Assert.True(client.ConnectedSince > first);
        }
        finally
        {
            await subscriber.StopAsync(CancellationToken.None);
            if (!nats.IsRunning)
            {
                await nats.StartAsync(CancellationToken.None);
            }
        }
    }
}
