using NATS.Client.JetStream;
using NATS.Client.ObjectStore;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// Named wasi:blobstore entries: a component importing the blobstore interface as <c>archive</c> and <c>scratch</c>
/// gets each entry's own rules (read-only, allowed containers), while the container handles come from the one
/// unnamed wasi:blobstore/container import, which needs no unnamed entry.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class NamedBlobstoreTests(PluginHostFixture fixture)
{
    private static string NewContainer() => $"c{Guid.NewGuid():N}";

    [Fact]
    public async Task Each_named_import_follows_the_config_of_the_entry_of_that_name()
    {
        var host = PluginRequests.NewHost("blob-named");
        var allowed = NewContainer();
        await fixture.StartRunningAsync(PluginRequests.NamedBlobstore(
            host,
            ("archive", new Dictionary<string, string> { ["read_only"] = "true" }),
            ("scratch", new Dictionary<string, string> { ["buckets"] = allowed, ["backend"] = "nats" })));

        Assert.Equal((200, "created"), await fixture.SendAsync(host, HttpMethod.Post, $"/scratch/{allowed}"));
        var readOnly = NewContainer();
        Assert.Equal(
            (500, $"access denied: cannot create container '{readOnly}', this workload's blobstore is read-only"),
            await fixture.SendAsync(host, HttpMethod.Post, $"/archive/{readOnly}"));
        var other = NewContainer();
        Assert.Equal(
            (500, $"access denied: container '{other}' is not in this workload's buckets"),
            await fixture.SendAsync(host, HttpMethod.Post, $"/scratch/{other}"));

        // The container made through scratch is an object store bucket on the data NATS.
        var objects = new NatsObjContext(new NatsJSContext(fixture.Data));
        var store = await objects.GetObjectStoreAsync(allowed, TestContext.Current.CancellationToken);
        Assert.Equal(allowed, store.Bucket);
    }

    [Fact]
    public async Task A_backend_this_host_does_not_have_is_a_start_error_naming_the_entry()
    {
        var request = PluginRequests.NamedBlobstore(
            PluginRequests.NewHost("blob-named-fs"),
            ("archive", new Dictionary<string, string> { ["backend"] = "filesystem", ["root"] = "/data" }),
            ("scratch", []));

        var status = await fixture.StartAsync(request);

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("hostInterfaces entry 'archive': wasi:blobstore: backend 'filesystem' is not available on this host", status.Message);
    }
}
