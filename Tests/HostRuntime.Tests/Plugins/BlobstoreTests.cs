using System.Security.Cryptography;
using System.Text;
using NATS.Client.JetStream;
using NATS.Client.ObjectStore;
using Wasmcloud.HostRuntime.Plugins.Blobstore;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// wasi:blobstore on the JetStream object store, through the JavaScript blob fixture served over HTTP: objects in a
/// bucket on the data NATS are uploaded, read, listed, described and deleted by a component; a container outside
/// <c>buckets</c>, a write to a read-only blobstore and a missing container are error strings the component reports.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class BlobstoreTests(PluginHostFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string NewContainer() => $"c{Guid.NewGuid():N}";

    [Fact]
    public async Task Objects_are_downloaded_listed_described_and_deleted_by_a_component_and_live_in_the_bucket_on_the_data_nats()
    {
        var host = PluginRequests.NewHost("blob-crud");
        var container = NewContainer();
        var binding = BlobUploads.Binding(fixture);
        await BlobUploads.UploadAsync(binding, container, "greeting.txt", 11, (block, _) => Encoding.UTF8.GetBytes("hello blobs").CopyTo(block, 0));
        await BlobUploads.UploadAsync(binding, container, "empty", 0, (_, _) => { });
        await fixture.StartRunningAsync(PluginRequests.Blobstore(host));

        Assert.Equal((200, "hello blobs"), await SendAsync(host, HttpMethod.Get, "/objects/greeting.txt", container));
        Assert.Equal((200, ""), await SendAsync(host, HttpMethod.Get, "/objects/empty", container));
        Assert.Equal((200, "11"), await SendAsync(host, HttpMethod.Get, "/info/greeting.txt", container));
        Assert.Equal((200, "empty\ngreeting.txt"), await SendAsync(host, HttpMethod.Get, "/objects", container));

        // The bucket is an ordinary object store on the data server: another client reads the same bytes.
        var store = await new NatsObjContext(new NatsJSContext(fixture.Data)).GetObjectStoreAsync(container, Cancellation);
        Assert.Equal("hello blobs", Encoding.UTF8.GetString(await store.GetBytesAsync("greeting.txt", Cancellation)));

        Assert.Equal(204, (await SendAsync(host, HttpMethod.Delete, "/objects/greeting.txt", container)).Status);
        Assert.Equal((404, "not found"), await SendAsync(host, HttpMethod.Get, "/objects/greeting.txt", container));
        Assert.Equal((200, "empty"), await SendAsync(host, HttpMethod.Get, "/objects", container));
        Assert.Equal(
            (500, $"blobstore error: object 'greeting.txt' does not exist in container '{container}'"),
            await SendAsync(host, HttpMethod.Get, "/info/greeting.txt", container));
    }

    [Fact]
    public async Task Objects_are_uploaded_by_a_component_into_a_new_container_in_the_bucket_on_the_data_nats()
    {
        var host = PluginRequests.NewHost("blob-upload");
        var container = NewContainer();
        var binary = RandomNumberGenerator.GetBytes((3 * BlobUploads.Block) + 123);
        await fixture.StartRunningAsync(PluginRequests.Blobstore(host));

        Assert.Equal((204, ""), await SendAsync(host, HttpMethod.Put, "/objects/greeting.txt", container, "hello from a component"));
        Assert.Equal((204, ""), await SendAsync(host, HttpMethod.Put, "/objects/blob.bin", container, binary));
        Assert.Equal((204, ""), await SendAsync(host, HttpMethod.Put, "/objects/empty", container, ""));

        // The component created the container; another client of the data server reads the same bytes.
        var store = await new NatsObjContext(new NatsJSContext(fixture.Data)).GetObjectStoreAsync(container, Cancellation);
        Assert.Equal("hello from a component", Encoding.UTF8.GetString(await store.GetBytesAsync("greeting.txt", Cancellation)));
        Assert.Equal(binary, await store.GetBytesAsync("blob.bin", Cancellation));
        Assert.Empty(await store.GetBytesAsync("empty", Cancellation));
        Assert.Equal((200, "blob.bin\nempty\ngreeting.txt"), await SendAsync(host, HttpMethod.Get, "/objects", container));

        // Writing an existing name replaces the object.
        Assert.Equal((204, ""), await SendAsync(host, HttpMethod.Put, "/objects/greeting.txt", container, "hello again"));
        Assert.Equal((200, "hello again"), await SendAsync(host, HttpMethod.Get, "/objects/greeting.txt", container));
    }

    [Fact]
    public async Task A_component_upload_to_a_read_only_blobstore_is_refused_and_leaves_the_object_as_it_was()
    {
        var host = PluginRequests.NewHost("blob-upload-ro");
        var container = NewContainer();
        var store = await new NatsObjContext(new NatsJSContext(fixture.Data)).CreateObjectStoreAsync(container, Cancellation);
        await store.PutAsync("report.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"), Cancellation);
        await fixture.StartRunningAsync(PluginRequests.Blobstore(host, new Dictionary<string, string> { ["read_only"] = "true" }));

        Assert.Equal(
            (500, $"blobstore error: access denied: cannot write 'report.csv' to container '{container}', this workload's blobstore is read-only"),
            await SendAsync(host, HttpMethod.Put, "/objects/report.csv", container, "x,y\n"));
        Assert.Equal("a,b\n1,2\n", Encoding.UTF8.GetString(await store.GetBytesAsync("report.csv", Cancellation)));
    }

    [Fact]
    public async Task A_container_not_in_buckets_is_refused_with_access_denied()
    {
        var host = PluginRequests.NewHost("blob-denied");
        var allowed = NewContainer();
        await fixture.StartRunningAsync(PluginRequests.Blobstore(host, new Dictionary<string, string> { ["buckets"] = allowed }));

        await BlobUploads.UploadAsync(BlobUploads.Binding(fixture), allowed, "a", 2, (block, _) => "ok"u8.CopyTo(block));

        Assert.Equal((200, "ok"), await SendAsync(host, HttpMethod.Get, "/objects/a", allowed));
        Assert.Equal(
            (500, "blobstore error: access denied: container 'other' is not in this workload's buckets"),
            await SendAsync(host, HttpMethod.Get, "/objects", "other"));
        Assert.Equal(
            (500, "blobstore error: access denied: container 'other' is not in this workload's buckets"),
            await SendAsync(host, HttpMethod.Get, "/objects/a", "other"));
    }

    [Fact]
    public async Task A_read_only_blobstore_serves_existing_objects_and_refuses_writes_and_deletes()
    {
        var host = PluginRequests.NewHost("blob-ro");
        var container = NewContainer();
        var store = await new NatsObjContext(new NatsJSContext(fixture.Data)).CreateObjectStoreAsync(container, Cancellation);
        await store.PutAsync("report.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"), Cancellation);
        await fixture.StartRunningAsync(PluginRequests.Blobstore(host, new Dictionary<string, string> { ["read_only"] = "true" }));

        Assert.Equal((200, "a,b\n1,2\n"), await SendAsync(host, HttpMethod.Get, "/objects/report.csv", container));
        var readOnly = BlobUploads.Binding(fixture, new BlobstoreSettings { ReadOnly = true });
        var refused = await Assert.ThrowsAsync<BlobstoreException>(() => BlobUploads.UploadAsync(readOnly, container, "report.csv", 3, (_, _) => { }));
        Assert.Equal($"access denied: cannot write 'report.csv' to container '{container}', this workload's blobstore is read-only", refused.Message);
        Assert.Equal(
            (500, $"blobstore error: access denied: cannot delete 'report.csv' from container '{container}', this workload's blobstore is read-only"),
            await SendAsync(host, HttpMethod.Delete, "/objects/report.csv", container));
        Assert.Equal("a,b\n1,2\n", Encoding.UTF8.GetString(await store.GetBytesAsync("report.csv", Cancellation)));
    }

    [Fact]
    public async Task A_missing_container_is_an_error_naming_it()
    {
        var host = PluginRequests.NewHost("blob-missing");
        var container = NewContainer();
        await fixture.StartRunningAsync(PluginRequests.Blobstore(host));

        Assert.Equal((500, $"blobstore error: container '{container}' does not exist"), await SendAsync(host, HttpMethod.Get, "/objects", container));
        Assert.Equal((500, $"blobstore error: container '{container}' does not exist"), await SendAsync(host, HttpMethod.Delete, "/objects/x", container));
    }

    [Fact]
    public async Task A_component_importing_blobstore_without_a_blobstore_entry_fails_its_start_naming_the_import()
    {
        var request = PluginRequests.Blobstore(PluginRequests.NewHost("blob-undeclared"));
        request.Workload.WitWorld.HostInterfaces.RemoveAt(1);

        var status = await fixture.StartAsync(request);

        Assert.NotEqual(Protocol.V2.WorkloadState.Running, status.WorkloadState);
        Assert.Contains("wasi:blobstore", status.Message);
        Assert.Contains("no wasi:blobstore entry", status.Message);
    }

    [Fact]
    public async Task Objects_are_copied_and_moved_between_containers_and_a_missing_target_container_is_an_error()
    {
        var binding = BlobUploads.Binding(fixture);
        var source = NewContainer();
        var target = NewContainer();
        await BlobUploads.UploadAsync(binding, source, "a.txt", 5, (block, _) => "hello"u8.CopyTo(block));
        await binding.CreateContainerAsync(target, Cancellation);

        await binding.CopyObjectAsync(source, "a.txt", target, "b.txt", Cancellation);
        await binding.MoveObjectAsync(source, "a.txt", target, "c.txt", Cancellation);

        var objects = new NatsObjContext(new NatsJSContext(fixture.Data));
        var targetStore = await objects.GetObjectStoreAsync(target, Cancellation);
        Assert.Equal("hello", Encoding.UTF8.GetString(await targetStore.GetBytesAsync("b.txt", Cancellation)));
        Assert.Equal("hello", Encoding.UTF8.GetString(await targetStore.GetBytesAsync("c.txt", Cancellation)));
        Assert.False(await binding.HasObjectAsync(await binding.GetContainerAsync(source, Cancellation), "a.txt", Cancellation));

        var missing = NewContainer();
        var error = await Assert.ThrowsAsync<BlobstoreException>(() => binding.CopyObjectAsync(target, "b.txt", missing, "d.txt", Cancellation));
        Assert.Equal($"container '{missing}' does not exist", error.Message);
    }

    private Task<(int Status, string Body)> SendAsync(string host, HttpMethod method, string path, string container, string? body = null) =>
        SendAsync(host, method, path, container, body is null ? null : Encoding.UTF8.GetBytes(body));

    private async Task<(int Status, string Body)> SendAsync(string host, HttpMethod method, string path, string container, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        request.Headers.Add("x-container", container);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        using var response = await fixture.Http.SendAsync(request, Cancellation);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancellation));
    }
}
