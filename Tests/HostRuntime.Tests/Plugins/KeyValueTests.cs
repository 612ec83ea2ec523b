using System.Text;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// wasi:keyvalue on JetStream KV, through the JavaScript counter fixture served over HTTP: what a component writes is
/// in the bucket on the data NATS, increments from concurrent requests all count, and a missing or forbidden bucket
/// is a keyvalue error the component can report rather than a trap.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class KeyValueTests(PluginHostFixture fixture)
{
    private static string NewBucket() => $"b{Guid.NewGuid():N}";

    [Fact]
    public async Task Values_set_by_a_component_are_read_listed_and_deleted_and_live_in_the_bucket_on_the_data_nats()
    {
        var host = PluginRequests.NewHost("kv-crud");
        var bucket = NewBucket();
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host));

        Assert.Equal(204, (await fixture.SendAsync(host, HttpMethod.Put, "/kv/greeting", bucket, "hello")).Status);
        Assert.Equal(204, (await fixture.SendAsync(host, HttpMethod.Put, "/kv/name", bucket, "world")).Status);

        Assert.Equal((200, "hello"), await fixture.SendAsync(host, HttpMethod.Get, "/kv/greeting", bucket));
        Assert.Equal((200, "true"), await fixture.SendAsync(host, HttpMethod.Get, "/exists/name", bucket));
        Assert.Equal((200, "greeting\nname"), await fixture.SendAsync(host, HttpMethod.Get, "/keys", bucket));

        // The bucket was created on the data server, with the bytes as written; the control server has no such bucket.
        var store = await fixture.DataKeyValue.GetStoreAsync(bucket, TestContext.Current.CancellationToken);
        var entry = await store.GetEntryAsync<byte[]>("greeting", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("hello", Encoding.UTF8.GetString(entry.Value!));
        var control = new NatsKVContext(new NatsJSContext(fixture.Control));
        await Assert.ThrowsAsync<NatsJSApiException>(async () => await control.GetStoreAsync(bucket, TestContext.Current.CancellationToken));

        Assert.Equal(204, (await fixture.SendAsync(host, HttpMethod.Delete, "/kv/greeting", bucket)).Status);
        Assert.Equal((404, "not found"), await fixture.SendAsync(host, HttpMethod.Get, "/kv/greeting", bucket));
        Assert.Equal((200, "false"), await fixture.SendAsync(host, HttpMethod.Get, "/exists/greeting", bucket));
        Assert.Equal((200, "name"), await fixture.SendAsync(host, HttpMethod.Get, "/keys", bucket));
    }

    [Fact]
    public async Task Batch_operations_set_get_and_delete_many_keys()
    {
        var host = PluginRequests.NewHost("kv-batch");
        var bucket = NewBucket();
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host));

        Assert.Equal(204, (await fixture.SendAsync(host, HttpMethod.Post, "/many", bucket, "a=1\nb=2\nc=3")).Status);
        Assert.Equal((200, "a=1\nmissing!\nc=3"), await fixture.SendAsync(host, HttpMethod.Get, "/many?keys=a,missing,c", bucket));

        Assert.Equal(204, (await fixture.SendAsync(host, HttpMethod.Post, "/delete-many?keys=a,c", bucket)).Status);
        Assert.Equal((200, "b"), await fixture.SendAsync(host, HttpMethod.Get, "/keys", bucket));
    }

    [Fact]
    public async Task Concurrent_increments_from_parallel_requests_all_count()
    {
        const int requests = 40;
        var host = PluginRequests.NewHost("kv-incr");
        var bucket = NewBucket();
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host));

        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => fixture.SendAsync(host, HttpMethod.Post, "/incr/hits", bucket)));

        Assert.All(answers, a => Assert.Equal(200, a.Status));

        // Each increment saw a different total: none was lost or applied twice.
        Assert.Equal(Enumerable.Range(1, requests), answers.Select(a => int.Parse(a.Body)).Order());
        Assert.Equal((200, requests.ToString()), await fixture.SendAsync(host, HttpMethod.Get, "/kv/hits", bucket));
        Assert.Equal((200, (requests + 5).ToString()), await fixture.SendAsync(host, HttpMethod.Post, "/incr/hits?by=5", bucket));
    }

    [Fact]
    public async Task Incrementing_a_value_that_is_not_a_number_is_an_error_naming_the_key()
    {
        var host = PluginRequests.NewHost("kv-nan");
        var bucket = NewBucket();
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host));
        await fixture.SendAsync(host, HttpMethod.Put, "/kv/word", bucket, "hello");

        var (status, body) = await fixture.SendAsync(host, HttpMethod.Post, "/incr/word", bucket);

        Assert.Equal(500, status);
        Assert.Equal("keyvalue error: other: the value of key 'word' is not a decimal number, so it cannot be incremented", body);
    }

    [Fact]
    public async Task Opening_a_missing_bucket_when_creation_is_off_is_a_no_such_store_error()
    {
        var host = PluginRequests.NewHost("kv-missing");
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host, new Dictionary<string, string> { ["create"] = "false" }));

        var (status, body) = await fixture.SendAsync(host, HttpMethod.Get, "/kv/anything", NewBucket());

        Assert.Equal(500, status);
        Assert.Equal("keyvalue error: no-such-store", body);
    }

    [Fact]
    public async Task Opening_an_existing_bucket_when_creation_is_off_works()
    {
        var host = PluginRequests.NewHost("kv-existing");
        var bucket = NewBucket();
        var store = await fixture.DataKeyValue.CreateStoreAsync(bucket, TestContext.Current.CancellationToken);
        await store.PutAsync("seeded", Encoding.UTF8.GetBytes("by the test"), cancellationToken: TestContext.Current.CancellationToken);
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host, new Dictionary<string, string> { ["create"] = "false" }));

        Assert.Equal((200, "by the test"), await fixture.SendAsync(host, HttpMethod.Get, "/kv/seeded", bucket));
    }

    [Fact]
    public async Task Opening_a_bucket_outside_the_allowed_list_is_access_denied()
    {
        var host = PluginRequests.NewHost("kv-denied");
        var allowed = NewBucket();
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host, new Dictionary<string, string> { ["buckets"] = allowed }));

        Assert.Equal((500, "keyvalue error: access-denied"), await fixture.SendAsync(host, HttpMethod.Get, "/kv/x", NewBucket()));
        Assert.Equal((404, "not found"), await fixture.SendAsync(host, HttpMethod.Get, "/kv/x", allowed));
    }

    [Fact]
    public async Task A_configured_bucket_is_used_whatever_name_the_component_opens()
    {
        var host = PluginRequests.NewHost("kv-bucket");
        var bucket = NewBucket();
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host, new Dictionary<string, string> { ["bucket"] = bucket }));

        await fixture.SendAsync(host, HttpMethod.Put, "/kv/k", "whatever-the-code-says", "v");

        var store = await fixture.DataKeyValue.GetStoreAsync(bucket, TestContext.Current.CancellationToken);
        var entry = await store.GetEntryAsync<byte[]>("k", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("v", Encoding.UTF8.GetString(entry.Value!));
    }

    [Fact]
    public async Task A_bucket_name_jetstream_refuses_is_an_error_saying_so()
    {
        var host = PluginRequests.NewHost("kv-badname");
        await fixture.StartRunningAsync(PluginRequests.KeyValue(host));

        Assert.Equal(
            (500, "keyvalue error: other: 'not a bucket' is not a bucket name: letters, digits, '-' and '_' only"),
            await fixture.SendAsync(host, HttpMethod.Get, "/kv/k", "not a bucket"));
    }

    [Fact]
    public async Task A_component_importing_keyvalue_without_a_keyvalue_host_interface_does_not_start()
    {
        var request = PluginRequests.KeyValue(PluginRequests.NewHost("kv-undeclared"), declareKeyValue: false);

        var status = await fixture.StartAsync(request);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("component 'counter' imports wasi:keyvalue/store@0.2.0-draft, but the workload's hostInterfaces declare no wasi:keyvalue entry", status.Message);
    }
}
