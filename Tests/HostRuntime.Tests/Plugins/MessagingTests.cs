using System.Collections.Concurrent;
using System.Text;
using NATS.Client.Core;
using Wasmcloud.HostRuntime.Plugins;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// wasmcloud:messaging through the JavaScript echo handler on the data NATS: replicas of one deployment share each
/// message (one queue group per deployment), <c>broadcast</c> gives every replica every message, a request is
/// answered through the reply subject, and the handler's own <c>consumer.request</c> reaches other services.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class MessagingTests(PluginHostFixture fixture)
{
    [Fact]
    public async Task Three_replicas_of_one_deployment_receive_each_message_exactly_once()
    {
        const int messages = 30;
        var root = PluginRequests.NewSubjectRoot("orders");
        var deployment = $"orders-{Guid.NewGuid().ToString("N")[..6]}";
        var seen = await CollectAsync($"seen.{root}.>");
        var replicas = new List<string>();
        for (var replica = 0; replica < 3; replica++)
        {
            replicas.Add(await fixture.StartRunningAsync(PluginRequests.MessagingReplica(deployment, $"{root}.>")));
        }

        for (var m = 0; m < messages; m++)
        {
            await fixture.Data.PublishAsync($"{root}.new", Encoding.UTF8.GetBytes($"order {m}"), cancellationToken: TestContext.Current.CancellationToken);
        }

        await Eventually.Until(() => seen.Bodies.Distinct().Count() == messages, $"all {messages} orders to be handled");

        // A stop drains the handler calls in flight; the pings then flush what they published, in order, to the
        // collector. A second delivery of any order would be counted here.
        foreach (var replica in replicas)
        {
            await fixture.StopAsync(replica);
        }

        await fixture.Host.GetRequiredService<DataConnection>().Connection.PingAsync(TestContext.Current.CancellationToken);
        await fixture.Data.PingAsync(TestContext.Current.CancellationToken);
        await seen.DisposeAsync();
        Assert.Equal(messages, seen.Bodies.Count);
    }

    [Fact]
    public async Task With_consumer_group_broadcast_every_replica_receives_every_message()
    {
        const int messages = 5;
        var root = PluginRequests.NewSubjectRoot("news");
        var deployment = $"news-{Guid.NewGuid().ToString("N")[..6]}";
        var seen = await CollectAsync($"seen.{root}.>");
        for (var replica = 0; replica < 3; replica++)
        {
            await fixture.StartRunningAsync(PluginRequests.MessagingReplica(deployment, $"{root}.>", consumerGroup: "broadcast"));
        }

        for (var m = 0; m < messages; m++)
        {
            await fixture.Data.PublishAsync($"{root}.item", Encoding.UTF8.GetBytes($"item {m}"), cancellationToken: TestContext.Current.CancellationToken);
        }

        await Eventually.Until(() => seen.Bodies.Count == 3 * messages, "every replica to handle every message");
        await seen.DisposeAsync();
        Assert.All(seen.Bodies.GroupBy(b => b), g => Assert.Equal(3, g.Count()));
    }

    [Fact]
    public async Task Replicas_of_different_deployments_each_receive_the_message()
    {
        var root = PluginRequests.NewSubjectRoot("audit");
        var seen = await CollectAsync($"seen.{root}.>");
        await fixture.StartRunningAsync(PluginRequests.MessagingReplica($"billing-{Guid.NewGuid().ToString("N")[..6]}", $"{root}.>"));
        await fixture.StartRunningAsync(PluginRequests.MessagingReplica($"shipping-{Guid.NewGuid().ToString("N")[..6]}", $"{root}.>"));

        await fixture.Data.PublishAsync($"{root}.event", Encoding.UTF8.GetBytes("paid"), cancellationToken: TestContext.Current.CancellationToken);

        await Eventually.Until(() => seen.Bodies.Count == 2, "both deployments to handle the event");
        await seen.DisposeAsync();
    }

    [Fact]
    public async Task A_request_is_answered_by_one_replica_through_its_reply_subject()
    {
        var root = PluginRequests.NewSubjectRoot("echo");
        var deployment = $"echo-{Guid.NewGuid().ToString("N")[..6]}";
        for (var replica = 0; replica < 3; replica++)
        {
            await fixture.StartRunningAsync(PluginRequests.MessagingReplica(deployment, $"{root}.>"));
        }

        var inbox = fixture.Data.NewInbox();
        var replies = await CollectAsync(inbox);
        await fixture.Data.PublishAsync($"{root}.ping", Encoding.UTF8.GetBytes("are you there"), replyTo: inbox, cancellationToken: TestContext.Current.CancellationToken);

        await Eventually.Until(() => replies.Bodies.Count == 1, "the reply");
        await fixture.Data.PingAsync(TestContext.Current.CancellationToken);
        await replies.DisposeAsync();
        Assert.Equal(["are you there"], replies.Bodies);

        var reply = await fixture.Data.RequestAsync<byte[], byte[]>(
            $"{root}.ping",
            Encoding.UTF8.GetBytes("again"),
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("again", Encoding.UTF8.GetString(reply.Data!));
    }

    [Fact]
    public async Task A_handler_can_make_its_own_request_and_pass_the_answer_on()
    {
        var root = PluginRequests.NewSubjectRoot("proxy");
        var upstream = $"{root}-upstream.shout";
        await using var responder = await fixture.Data.SubscribeCoreAsync<byte[]>(upstream, cancellationToken: TestContext.Current.CancellationToken);
        var answering = Task.Run(async () =>
        {
            await foreach (var message in responder.Msgs.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                await message.ReplyAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message.Data!).ToUpperInvariant()), cancellationToken: TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);
        await fixture.StartRunningAsync(PluginRequests.MessagingReplica($"proxy-{Guid.NewGuid().ToString("N")[..6]}", $"{root}.>"));

        var reply = await fixture.Data.RequestAsync<byte[], byte[]>(
            $"{root}.ask",
            Encoding.UTF8.GetBytes($"{upstream}\nhello"),
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("HELLO", Encoding.UTF8.GetString(reply.Data!));
    }

    [Fact]
    public async Task A_stopped_workload_no_longer_receives_messages()
    {
        var root = PluginRequests.NewSubjectRoot("gone");
        var workloadId = await fixture.StartRunningAsync(PluginRequests.MessagingReplica($"gone-{Guid.NewGuid().ToString("N")[..6]}", $"{root}.>"));

        await fixture.StopAsync(workloadId);

        await Assert.ThrowsAsync<NatsNoRespondersException>(async () => await fixture.Data.RequestAsync<byte[], byte[]>(
            $"{root}.ping",
            [1],
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_subscription_that_is_not_a_subject_fails_the_start_with_a_clear_message()
    {
        var request = PluginRequests.MessagingReplica("bad", "orders..new");

        var status = await fixture.StartAsync(request);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("component 'echo': wasmcloud:messaging: subscription 'orders..new' is not a NATS subject", status.Message);
    }

    /// <summary>Collects the bodies of every message on <paramref name="subject"/> from the data NATS.</summary>
    private async Task<Collector> CollectAsync(string subject)
    {
        var subscription = await fixture.Data.SubscribeCoreAsync<byte[]>(subject, cancellationToken: TestContext.Current.CancellationToken);
        var collector = new Collector(subscription);
        await fixture.Data.PingAsync(TestContext.Current.CancellationToken);
        return collector;
    }

    private sealed class Collector : IAsyncDisposable
    {
        private readonly INatsSub<byte[]> _subscription;
        private readonly ConcurrentQueue<string> _bodies = new();
        private readonly Task _reading;

        public Collector(INatsSub<byte[]> subscription)
        {
            _subscription = subscription;
            _reading = Task.Run(async () =>
            {
                await foreach (var message in subscription.Msgs.ReadAllAsync())
                {
                    _bodies.Enqueue(Encoding.UTF8.GetString(message.Data ?? []));
                }
            });
        }

        public IReadOnlyList<string> Bodies => [.. _bodies];

        public async ValueTask DisposeAsync()
        {
            await _subscription.DisposeAsync();
            await _reading;
        }
    }
}
