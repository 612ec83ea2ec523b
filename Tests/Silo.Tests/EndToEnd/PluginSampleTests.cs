using System.Collections.Concurrent;
using System.Text;
using NATS.Client.Core;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// <c>samples/keyvalue-messaging.yaml</c> as <c>./run.sh</c> loads it, through real processes: the counter's
/// replicas on two hosts share one count in JetStream KV, and the three echo replicas answer requests and handle
/// each published message once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PluginSampleTests(PlatformFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task The_keyvalue_and_messaging_sample_counts_across_hosts_and_handles_each_message_once()
    {
        await fixture.EnsureLiveHostsAsync(2);
        var yaml = (await File.ReadAllTextAsync(Path.Combine(Fixtures.RepositoryRoot, "samples", "keyvalue-messaging.yaml"), Cancellation))
            .Replace("@REPO@", Fixtures.RepositoryRoot, StringComparison.Ordinal);
        _ = Fixtures.PathOf(Fixtures.JsKeyValueCounter);
        await Platform.WriteManifestAsync("keyvalue-messaging", yaml, Cancellation);
        var objects = await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.Deployment("counter")?.IsReady() == true && o.Deployment("echo")?.IsReady() == true
                && o.WorkloadsOf("counter") is { Count: 2 } c && c.All(w => w.IsReady())
                && o.WorkloadsOf("echo") is { Count: 3 } e && e.All(w => w.IsReady()),
            "the sample's deployments and all five Workloads to be Ready",
            TimeSpan.FromMinutes(5));

        // Increments alternate between the hosts running the counter and count up together: the state is in
        // JetStream, not in a host.
        var hosts = objects.WorkloadsOf("counter").Select(w => Platform.LiveHosts.Single(h => h.HostId == w.HostId())).Distinct().ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var before = await IncrementAsync(http, hosts[0]);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(before + (ulong)i, await IncrementAsync(http, hosts[i % hosts.Count]));
        }

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = Platform.Nats.ClientUrl });
        var reply = await nats.RequestAsync<byte[], byte[]>(
            "demo.echo.hello",
            Encoding.UTF8.GetBytes("hi"),
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken: Cancellation);
        Assert.Equal("hi", Encoding.UTF8.GetString(reply.Data!));

        const int notes = 12;
        var seen = new ConcurrentQueue<string>();
        await using var subscription = await nats.SubscribeCoreAsync<byte[]>("seen.demo.echo.>", cancellationToken: Cancellation);
        _ = Task.Run(async () =>
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(Cancellation))
            {
                seen.Enqueue(Encoding.UTF8.GetString(message.Data ?? []));
            }
        }, Cancellation);
        await nats.PingAsync(Cancellation);
        for (var n = 0; n < notes; n++)
        {
            await nats.PublishAsync("demo.echo.note", Encoding.UTF8.GetBytes($"note {n}"), cancellationToken: Cancellation);
        }

        await Platform.Until(() => Task.FromResult(seen.Distinct().Count() == notes), $"all {notes} notes to be handled");

        // Deleting the sample stops every replica, which drains their handler calls: a duplicate would be here now.
        await Platform.DeleteManifestAndWaitAsync("keyvalue-messaging", Cancellation, "counter", "echo");
        await nats.PingAsync(Cancellation);
        Assert.Equal(notes, seen.Count);
    }

    private async Task<ulong> IncrementAsync(HttpClient http, PlatformHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUri, "/incr/visits"));
        request.Headers.Host = "counter.localhost";
        using var response = await http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{host}: {(int)response.StatusCode} {body}");
        return ulong.Parse(body);
    }
}
