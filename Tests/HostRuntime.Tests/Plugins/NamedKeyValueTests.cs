using System.Text;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// Named wasi:keyvalue entries (reference §2.4 <c>name:</c>): a component importing the store interface twice, as
/// <c>cache</c> and <c>sessions</c>, writes through each to the bucket of the entry of that name, on the data NATS.
/// The fixture imports <c>cache</c> with the component model's <c>implements</c> option and <c>sessions</c> as a plain
/// label, so both forms are served.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class NamedKeyValueTests(PluginHostFixture fixture)
{
    private static string NewBucket() => $"b{Guid.NewGuid():N}";

    private static Dictionary<string, string> Bucket(string bucket, string? backend = null)
    {
        var config = new Dictionary<string, string> { ["bucket"] = bucket };
        if (backend is not null)
        {
            config["backend"] = backend;
        }

        return config;
    }

    [Fact]
    public async Task Each_named_import_writes_to_the_bucket_of_the_entry_of_that_name()
    {
        var host = PluginRequests.NewHost("kv-named");
        var (cache, sessions) = (NewBucket(), NewBucket());
        await fixture.StartRunningAsync(PluginRequests.NamedKeyValue(host, ("cache", Bucket(cache, backend: "nats")), ("sessions", Bucket(sessions))));

        Assert.Equal((200, "ok"), await fixture.SendAsync(host, HttpMethod.Post, "/"));

        Assert.Equal("from cache", await ValueAsync(cache, "greeting"));
        Assert.Equal("from sessions", await ValueAsync(sessions, "greeting"));
    }

    [Fact]
    public async Task Two_workloads_with_the_same_labels_keep_to_their_own_buckets()
    {
        var (first, second) = (PluginRequests.NewHost("kv-named-a"), PluginRequests.NewHost("kv-named-b"));
        var buckets = Enumerable.Range(0, 4).Select(_ => NewBucket()).ToArray();
        await fixture.StartRunningAsync(PluginRequests.NamedKeyValue(first, ("cache", Bucket(buckets[0])), ("sessions", Bucket(buckets[1]))));
        await fixture.StartRunningAsync(PluginRequests.NamedKeyValue(second, ("cache", Bucket(buckets[2])), ("sessions", Bucket(buckets[3]))));

        Assert.Equal((200, "ok"), await fixture.SendAsync(second, HttpMethod.Post, "/"));

        Assert.Equal("from cache", await ValueAsync(buckets[2], "greeting"));
        Assert.Equal("from sessions", await ValueAsync(buckets[3], "greeting"));
        Assert.Null(await ValueAsync(buckets[0], "greeting"));
        Assert.Null(await ValueAsync(buckets[1], "greeting"));
    }

    [Fact]
    public async Task A_named_import_without_an_entry_of_that_name_does_not_start_and_the_message_names_the_import()
    {
        var plain = await fixture.StartAsync(PluginRequests.NamedKeyValue(PluginRequests.NewHost("kv-named-nosessions"), ("cache", Bucket(NewBucket()))));
        var implementing = await fixture.StartAsync(PluginRequests.NamedKeyValue(PluginRequests.NewHost("kv-named-nocache"), ("sessions", Bucket(NewBucket()))));

        Assert.Equal(WorkloadState.Error, plain.WorkloadState);
        Assert.Contains("component 'named' imports 'sessions', but the workload's hostInterfaces have no entry named 'sessions'", plain.Message);
        Assert.Equal(WorkloadState.Error, implementing.WorkloadState);
        Assert.Contains(
            "component 'named' imports 'cache' (wasi:keyvalue/store@0.2.0-draft), but the workload's hostInterfaces have no entry named 'cache'",
            implementing.Message);
    }

    [Fact]
    public async Task A_backend_this_host_does_not_have_is_a_start_error_naming_the_entry()
    {
        var request = PluginRequests.NamedKeyValue(
            PluginRequests.NewHost("kv-named-redis"),
            ("cache", Bucket(NewBucket(), backend: "nats")),
            ("sessions", new Dictionary<string, string> { ["backend"] = "redis", ["url"] = "redis://redis:6379" }));

        var status = await fixture.StartAsync(request);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains(
            "hostInterfaces entry 'sessions': wasi:keyvalue: backend 'redis' is not available on this host; the only backend is 'nats'",
            status.Message);
        Assert.DoesNotContain("redis://", status.Message);
    }

    /// <summary>The key's value in the bucket on the data NATS; null when the key or the whole bucket is missing.</summary>
    private async Task<string?> ValueAsync(string bucket, string key)
    {
        INatsKVStore store;
        try
        {
            store = await fixture.DataKeyValue.GetStoreAsync(bucket, TestContext.Current.CancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }

        var entry = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: TestContext.Current.CancellationToken);
        return entry.Success ? Encoding.UTF8.GetString(entry.Value.Value!) : null;
    }
}
