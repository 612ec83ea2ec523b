using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Wasmcloud.HostRuntime.Components;
using Wasmcloud.HostRuntime.Components.Oci;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Oci;
using static Wasmcloud.HostRuntime.Tests.Components.ComponentSourceHarness;

namespace Wasmcloud.HostRuntime.Tests.Components;

[Collection(RegistryCollection.Name)]
public sealed class OciPullTests(RegistryFixture registry)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pulls_by_tag_into_the_cache_and_verifies_the_digest()
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("by-tag"), "v1", content, cancellationToken: Cancellation);

        var fetched = await harness.FetchAsync(image.Reference);

        Assert.Equal(image.Reference, fetched.Image);
        Assert.Equal(image.LayerDigest, fetched.Digest);
        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
        Assert.StartsWith(harness.CacheDir, fetched.LocalPath, StringComparison.Ordinal);
        Assert.Empty(harness.CachedFiles("tmp"));
    }

    [Fact]
    public async Task Pulls_by_manifest_digest()
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("by-digest"), "v1", content, cancellationToken: Cancellation);

        var fetched = await harness.FetchAsync(image.DigestReference);

        Assert.Equal(image.LayerDigest, fetched.Digest);
        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
        Assert.Contains(harness.Handler.Requests, r => r.EndsWith($"/manifests/{image.ManifestDigest}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OciMediaTypes.WasmLayer)]
    [InlineData(OciMediaTypes.LegacyWasmLayer)]
    public async Task Takes_both_wasm_layer_media_types(string mediaType)
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("media-type"), "v1", content, mediaType, Cancellation);

        var fetched = await harness.FetchAsync(image.Reference);

        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
    }

    [Fact]
    public async Task An_image_without_a_wasm_layer_fails_naming_the_media_types_it_has()
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("not-wasm"), "v1", NewComponent(), "application/vnd.oci.image.layer.v1.tar+gzip", Cancellation);

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));

        Assert.Contains($"failed to pull image '{image.Reference}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("application/vnd.oci.image.layer.v1.tar+gzip", error.Message, StringComparison.Ordinal);
        Assert.Contains("application/wasm", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.CachedFiles("blobs"));
    }

    [Fact]
    public async Task An_image_index_yields_its_first_wasm_bearing_manifest()
    {
        using var harness = new ComponentSourceHarness();
        var repository = NewRepository("index");
        var content = NewComponent();
        var notWasm = await registry.PushAsync(repository, "tar", NewComponent(), "application/vnd.oci.image.layer.v1.tar", Cancellation);
        var wasm = await registry.PushAsync(repository, "wasm", content, cancellationToken: Cancellation);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = RegistryFixture.OciIndexMediaType,
            ["manifests"] = new JsonArray(
                await ManifestDescriptorAsync(notWasm),
                await ManifestDescriptorAsync(wasm)),
        };
        await registry.PushManifestAsync(repository, "multi", RegistryFixture.OciIndexMediaType, Encoding.UTF8.GetBytes(index.ToJsonString()), Cancellation);

        var fetched = await harness.FetchAsync($"{registry.Host}/{repository}:multi");

        Assert.Equal(wasm.LayerDigest, fetched.Digest);
        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
    }

    [Fact]
    public async Task An_image_index_without_wasm_says_what_it_found()
    {
        using var harness = new ComponentSourceHarness();
        var repository = NewRepository("index-no-wasm");
        var notWasm = await registry.PushAsync(repository, "tar", NewComponent(), "application/vnd.oci.image.layer.v1.tar", Cancellation);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = RegistryFixture.OciIndexMediaType,
            ["manifests"] = new JsonArray(await ManifestDescriptorAsync(notWasm)),
        };
        await registry.PushManifestAsync(repository, "multi", RegistryFixture.OciIndexMediaType, Encoding.UTF8.GetBytes(index.ToJsonString()), Cancellation);

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync($"{registry.Host}/{repository}:multi"));

        Assert.Contains("no wasm layer (application/wasm or application/vnd.module.wasm.content.layer.v1+wasm) in any manifest of the image index", error.Message, StringComparison.Ordinal);
        Assert.Contains("application/vnd.oci.image.layer.v1.tar", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docker_v2_manifest_is_read_too()
    {
        using var harness = new ComponentSourceHarness();
        var repository = NewRepository("docker-v2");
        var content = NewComponent();
        var layer = await registry.PushBlobAsync(repository, content, Cancellation);
        var config = "{}"u8.ToArray();
        var configDigest = await registry.PushBlobAsync(repository, config, Cancellation);
        const string dockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = dockerManifest,
            ["config"] = RegistryFixture.Descriptor("application/vnd.docker.container.image.v1+json", configDigest, config.Length),
            ["layers"] = new JsonArray(RegistryFixture.Descriptor(OciMediaTypes.LegacyWasmLayer, layer, content.Length)),
        };
        await registry.PushManifestAsync(repository, "v1", dockerManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()), Cancellation);

        var fetched = await harness.FetchAsync($"{registry.Host}/{repository}:v1");

        Assert.Equal(layer, fetched.Digest);
        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
    }

    [Fact]
    public async Task A_missing_image_is_a_clear_404()
    {
        using var harness = new ComponentSourceHarness();
        var missingRepository = $"{registry.Host}/{NewRepository("missing")}:v1";
        var existing = await registry.PushAsync(NewRepository("missing-tag"), "v1", NewComponent(), cancellationToken: Cancellation);
        var missingTag = $"{registry.Host}/{existing.Repository}:v2";

        var noRepository = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(missingRepository));
        var noTag = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(missingTag));

        Assert.StartsWith($"failed to pull image '{missingRepository}': not found (404) from {registry.Host}", noRepository.Message, StringComparison.Ordinal);
        Assert.StartsWith($"failed to pull image '{missingTag}': not found (404) from {registry.Host}", noTag.Message, StringComparison.Ordinal);
        Assert.Contains("manifest unknown", noTag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_reference_fails_before_any_request()
    {
        using var harness = new ComponentSourceHarness();

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync("Not/A/Valid:Ref:"));

        Assert.StartsWith("failed to pull image 'Not/A/Valid:Ref:'", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Handler.Requests);
    }

    [Theory]
    [InlineData(ImagePullPolicy.IfNotPresent)]
    [InlineData(ImagePullPolicy.Unspecified)]
    public async Task A_cached_reference_is_used_without_any_request(ImagePullPolicy policy)
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("cache-hit"), "v1", NewComponent(), cancellationToken: Cancellation);
        var first = await harness.FetchAsync(image.Reference, policy);
        var requests = harness.Handler.Requests.Count;

        var second = await harness.FetchAsync(image.Reference, policy);

        Assert.Equal(requests, harness.Handler.Requests.Count);
        Assert.Equal(first.LocalPath, second.LocalPath);
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public async Task The_cache_outlives_the_source_and_serves_other_spellings_of_the_reference()
    {
        using var first = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("restart"), "v1", NewComponent(), cancellationToken: Cancellation);
        var pulled = await first.FetchAsync(image.Reference);

        // A restarted host with the same --oci-cache-dir, and a stalled pull timeout: any request would fail the test.
        using var restarted = new ComponentSourceHarness(o => o with { RegistryPullTimeout = TimeSpan.FromMilliseconds(1) }, first.CacheDir);
        var cached = await restarted.FetchAsync($"{registry.Host}/{image.Repository}:v1", ImagePullPolicy.IfNotPresent);

        Assert.Empty(restarted.Handler.Requests);
        Assert.Equal(pulled.LocalPath, cached.LocalPath);
    }

    [Fact]
    public async Task Always_resolves_the_manifest_every_time_and_reuses_a_cached_blob()
    {
        using var harness = new ComponentSourceHarness();
        var repository = NewRepository("always");
        var v1 = await registry.PushAsync(repository, "latest", NewComponent(), cancellationToken: Cancellation);
        await harness.FetchAsync(v1.Reference, ImagePullPolicy.IfNotPresent);

        var v2Content = NewComponent();
        var v2 = await registry.PushAsync(repository, "latest", v2Content, cancellationToken: Cancellation);
        var stale = await harness.FetchAsync(v2.Reference, ImagePullPolicy.IfNotPresent);
        var fresh = await harness.FetchAsync(v2.Reference, ImagePullPolicy.Always);
        var (manifests, blobs) = (harness.Handler.ManifestRequests, harness.Handler.BlobRequests);
        var again = await harness.FetchAsync(v2.Reference, ImagePullPolicy.Always);

        Assert.Equal(v1.LayerDigest, stale.Digest);
        Assert.Equal(v2.LayerDigest, fresh.Digest);
        Assert.Equal(v2Content, await File.ReadAllBytesAsync(fresh.LocalPath, Cancellation));
        Assert.Equal(fresh.LocalPath, again.LocalPath);
        Assert.Equal(manifests + 1, harness.Handler.ManifestRequests);
        Assert.Equal(blobs, harness.Handler.BlobRequests);

        // IfNotPresent now sees what Always recorded.
        Assert.Equal(v2.LayerDigest, (await harness.FetchAsync(v2.Reference, ImagePullPolicy.IfNotPresent)).Digest);
    }

    [Fact]
    public async Task Never_uses_the_cache_and_fails_clearly_without_it()
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("never"), "v1", NewComponent(), cancellationToken: Cancellation);

        var missing = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference, ImagePullPolicy.Never));
        Assert.Equal($"image '{image.Reference}' is not present and pull policy is Never", missing.Message);
        Assert.Empty(harness.Handler.Requests);

        var pulled = await harness.FetchAsync(image.Reference, ImagePullPolicy.IfNotPresent);
        var requests = harness.Handler.Requests.Count;
        var cached = await harness.FetchAsync(image.Reference, ImagePullPolicy.Never);

        Assert.Equal(pulled.LocalPath, cached.LocalPath);
        Assert.Equal(requests, harness.Handler.Requests.Count);
    }

    [Fact]
    public async Task Bytes_that_do_not_match_their_digest_fail_and_leave_nothing_in_the_cache()
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("corrupt"), "v1", content, cancellationToken: Cancellation);

        // Same length, different bytes: only the digest can tell.
        var corrupted = (byte[])content.Clone();
        corrupted[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(registry.BlobDataPath(image.LayerDigest), corrupted, Cancellation);

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));

        Assert.StartsWith($"failed to pull image '{image.Reference}': digest mismatch: expected {image.LayerDigest}, got {RegistryFixture.Digest(corrupted)}", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.CachedFiles("blobs"));
        Assert.Empty(harness.CachedFiles("refs"));
        Assert.Empty(harness.CachedFiles("tmp"));
        await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference, ImagePullPolicy.Never));
    }

    [Fact]
    public async Task A_blob_longer_than_its_descriptor_is_cut_off()
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("longer"), "v1", content, cancellationToken: Cancellation);
        await File.WriteAllBytesAsync(registry.BlobDataPath(image.LayerDigest), [.. content, .. NewComponent(1024)], Cancellation);

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));

        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.CachedFiles("blobs"));
        Assert.Empty(harness.CachedFiles("tmp"));
    }

    [Fact]
    public async Task Concurrent_fetches_of_one_reference_share_one_download()
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent(256 * 1024);
        var image = await registry.PushAsync(NewRepository("concurrent"), "v1", content, cancellationToken: Cancellation);

        // Requests wait at the gate, so every fetch has arrived before the first pull can finish.
        harness.Handler.Hold();
        var fetches = Enumerable.Range(0, 8)
            .Select(i => harness.FetchAsync(i % 2 == 0 ? image.Reference : $"{registry.Host}/{image.Repository}:v1", ImagePullPolicy.Always))
            .ToList();
        await Eventually.Until(() => harness.Handler.Waiting > 0, "the pull to reach the registry");
        harness.Handler.Release();
        var results = await Task.WhenAll(fetches);

        Assert.Equal(1, harness.Source.PullCount);
        Assert.Equal(1, harness.Handler.ManifestRequests);
        Assert.Equal(1, harness.Handler.BlobRequests);
        Assert.All(results, r => Assert.Equal(image.LayerDigest, r.Digest));
        Assert.Single(results.Select(r => r.LocalPath).Distinct());
    }

    [Fact]
    public async Task A_stalled_registry_times_out_clearly_while_other_pulls_proceed()
    {
        // The kernel completes the TCP handshake for the listen backlog; nobody ever reads or answers.
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var stalledHost = $"127.0.0.1:{((IPEndPoint)stalled.LocalEndpoint).Port}";
        var timeout = TimeSpan.FromSeconds(3);
        using var harness = new ComponentSourceHarness(o => o with { RegistryPullTimeout = timeout });
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("beside-stall"), "v1", content, cancellationToken: Cancellation);
        var clock = Stopwatch.StartNew();

        var stuck = harness.FetchAsync($"{stalledHost}/slow/app:v1");
        var other = await harness.FetchAsync(image.Reference);

        Assert.False(stuck.IsCompleted, "the stalled pull finished before the healthy one");
        Assert.Equal(content, await File.ReadAllBytesAsync(other.LocalPath, Cancellation));
        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => stuck);
        Assert.Equal($"failed to pull image '{stalledHost}/slow/app:v1': timed out after 3s (--registry-pull-timeout) pulling from {stalledHost}", error.Message);
        Assert.InRange(clock.Elapsed, timeout - TimeSpan.FromMilliseconds(100), timeout + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_at_once()
    {
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        using var harness = new ComponentSourceHarness(o => o with { RegistryPullTimeout = TimeSpan.FromMinutes(5) });
        using var cancel = new CancellationTokenSource();

        var fetch = harness.Source.FetchAsync(new ComponentReference($"127.0.0.1:{((IPEndPoint)stalled.LocalEndpoint).Port}/slow/app:v1"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
    }

    [Fact]
    public async Task Disposing_the_source_ends_pulls_in_flight()
    {
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        using var harness = new ComponentSourceHarness(o => o with { RegistryPullTimeout = TimeSpan.FromMinutes(5) });
        var image = $"127.0.0.1:{((IPEndPoint)stalled.LocalEndpoint).Port}/slow/app:v1";

        var fetch = harness.FetchAsync(image);
        await Eventually.Until(() => harness.Handler.Requests.Count > 0, "the pull to reach the registry");
        harness.Source.Dispose();

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => fetch);
        Assert.Equal($"failed to pull image '{image}': the host is shutting down", error.Message);
    }

    [Fact]
    public async Task An_unreachable_registry_is_named_in_the_error()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var harness = new ComponentSourceHarness();

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync($"127.0.0.1:{port}/gone/app:v1"));

        Assert.StartsWith($"failed to pull image '127.0.0.1:{port}/gone/app:v1': cannot reach 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private async Task<JsonObject> ManifestDescriptorAsync(PushedImage image)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry.BaseUri, $"/v2/{image.Repository}/manifests/{image.ManifestDigest}"));
        request.Headers.Accept.ParseAdd(RegistryFixture.OciManifestMediaType);
        using var response = await http.SendAsync(request, Cancellation);
        var size = (await response.Content.ReadAsByteArrayAsync(Cancellation)).Length;
        return RegistryFixture.Descriptor(RegistryFixture.OciManifestMediaType, image.ManifestDigest, size);
    }
}
