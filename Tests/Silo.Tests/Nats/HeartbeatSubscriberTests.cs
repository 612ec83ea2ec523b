using System.Text;
using Wasmcloud.Protocol;

namespace Wasmcloud.Silo.Tests.Nats;

[Collection(SiloNatsCollection.Name)]
public sealed class HeartbeatSubscriberTests(SiloNatsFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Host_heartbeats_reach_the_sink_mapped_field_by_field()
    {
        var heartbeat = await fixture.Sink.NextFromAsync(fixture.Host.HostId, Patience, TestContext.Current.CancellationToken);

        Assert.Equal(fixture.Host.Identity.FriendlyName, heartbeat.FriendlyName);
        Assert.Equal("127.0.0.1", heartbeat.Hostname);
        Assert.Equal("silo-test", heartbeat.Labels["hostgroup"]);
        Assert.Equal("linux", heartbeat.OsName);
        Assert.Equal("unix", heartbeat.OsKernel);
        Assert.True(heartbeat.SystemMemoryTotal > 0);
        Assert.NotEqual(0U, heartbeat.HttpPort);
        Assert.Equal(fixture.Host.Identity.StartedAt.ToUnixTimeMilliseconds(), heartbeat.StartedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Null(heartbeat.Environment);
    }

    [Fact]
    public async Task Reference_heartbeat_document_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString();
        var document = $$"""
            { "id": "{{id}}", "hostname": "10.244.0.17", "friendlyName": "quiet-otter-4821", "version": "2.0.3",
              "labels": { "hostgroup": "default" }, "startedAt": "2026-11-25T10:15:30Z", "osArch": "x86_64", "osName": "linux",
              "osKernel": "unix", "systemCpuUsage": 12.5, "systemMemoryTotal": "16777216000", "systemMemoryFree": "8388608000",
              "componentCount": "3", "workloadCount": "2", "httpPort": 9191, "environment": "tenant-a", "someNewField": [] }
            """;

        await fixture.Raw.PublishAsync(Subjects.Heartbeat(id), Encoding.UTF8.GetBytes(document), cancellationToken: ct);
        var heartbeat = await fixture.Sink.NextFromAsync(id, Patience, ct);

        Assert.Equal("quiet-otter-4821", heartbeat.FriendlyName);
        Assert.Equal("10.244.0.17", heartbeat.Hostname);
        Assert.Equal("2.0.3", heartbeat.Version);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 15, 30, TimeSpan.Zero), heartbeat.StartedAt);
        Assert.Equal(12.5f, heartbeat.SystemCpuUsage);
        Assert.Equal(16_777_216_000UL, heartbeat.SystemMemoryTotal);
        Assert.Equal(8_388_608_000UL, heartbeat.SystemMemoryFree);
        Assert.Equal(3UL, heartbeat.ComponentCount);
        Assert.Equal(2UL, heartbeat.WorkloadCount);
        Assert.Equal(9191U, heartbeat.HttpPort);
        Assert.Equal("tenant-a", heartbeat.Environment);
    }

    [Fact]
    public async Task Bad_heartbeats_are_dropped_and_the_loop_keeps_going()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = Guid.NewGuid().ToString();
        var failing = Guid.NewGuid().ToString();
        fixture.Sink.FailFor = failing;
        try
        {
            foreach (var (subjectId, body) in new[]
                     {
                         (Guid.NewGuid().ToString(), "{ not json"),
                         (Guid.NewGuid().ToString(), """{ "friendlyName": "no-id" }"""),
                         (Guid.NewGuid().ToString(), $$"""{ "id": "{{Guid.NewGuid()}}", "friendlyName": "wrong-subject" }"""),
                         (failing, $$"""{ "id": "{{failing}}", "friendlyName": "sink-throws" }"""),
                         (good, $$"""{ "id": "{{good}}", "friendlyName": "still-heard" }"""),
                     })
            {
                await fixture.Raw.PublishAsync(Subjects.Heartbeat(subjectId), Encoding.UTF8.GetBytes(body), cancellationToken: ct);
            }

            var heartbeat = await fixture.Sink.NextFromAsync(good, Patience, ct);

            Assert.Equal("still-heard", heartbeat.FriendlyName);
            Assert.Equal(fixture.Host.HostId, (await fixture.Sink.NextFromAsync(fixture.Host.HostId, Patience, ct)).Id);
        }
        finally
        {
            fixture.Sink.FailFor = null;
        }
    }
}
