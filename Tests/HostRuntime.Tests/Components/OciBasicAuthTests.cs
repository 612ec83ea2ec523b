using Wasmcloud.HostRuntime.Components;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Oci;
using static Wasmcloud.HostRuntime.Tests.Components.ComponentSourceHarness;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>A registry with htpasswd auth: the pull secret of the start request goes out as basic credentials.</summary>
[Collection(AuthenticatedRegistryCollection.Name)]
public sealed class OciBasicAuthTests(AuthenticatedRegistryFixture registry)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_right_credentials_pull()
    {
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("basic-ok"), "v1", content, cancellationToken: Cancellation);
        var (username, password) = registry.Credentials!.Value;

        var fetched = await harness.FetchAsync(image.Reference, secret: new ImagePullSecret { Username = username, Password = password });

        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
    }

    [Fact]
    public async Task Wrong_credentials_are_a_clear_401()
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("basic-wrong"), "v1", NewComponent(), cancellationToken: Cancellation);
        var (username, _) = registry.Credentials!.Value;

        var error = await Assert.ThrowsAsync<ComponentFetchException>(
            () => harness.FetchAsync(image.Reference, secret: new ImagePullSecret { Username = username, Password = "not-the-password" }));

        Assert.StartsWith($"failed to pull image '{image.Reference}': unauthorized (401) from {registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.CachedFiles("blobs"));
    }

    [Fact]
    public async Task No_credentials_are_a_clear_401_after_one_anonymous_try()
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("basic-none"), "v1", NewComponent(), cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));

        Assert.StartsWith($"failed to pull image '{image.Reference}': unauthorized (401) from {registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Handler.Requests);
    }

    [Fact]
    public async Task A_failed_pull_with_wrong_credentials_is_not_shared_with_a_caller_holding_the_right_ones()
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("basic-both"), "v1", NewComponent(), cancellationToken: Cancellation);
        var (username, password) = registry.Credentials!.Value;

        harness.Handler.Hold();
        var wrong = harness.FetchAsync(image.Reference, secret: new ImagePullSecret { Username = username, Password = "nope" });
        var right = harness.FetchAsync(image.Reference, secret: new ImagePullSecret { Username = username, Password = password });
        harness.Handler.Release();

        await Assert.ThrowsAsync<ComponentFetchException>(() => wrong);
        Assert.Equal(image.LayerDigest, (await right).Digest);
        Assert.Equal(2, harness.Source.PullCount);
    }

    [Fact]
    public async Task A_privately_pulled_image_is_served_from_the_cache_only_with_the_same_secret()
    {
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("basic-cache"), "v1", NewComponent(), cancellationToken: Cancellation);
        var (username, password) = registry.Credentials!.Value;
        var secret = new ImagePullSecret { Username = username, Password = password };
        var pulled = await harness.FetchAsync(image.Reference, secret: secret);
        var requests = harness.Handler.Requests.Count;

        var sameSecret = await harness.FetchAsync(image.Reference, secret: secret);
        Assert.Equal(requests, harness.Handler.Requests.Count);
        Assert.Equal(pulled.LocalPath, sameSecret.LocalPath);

        // Without the secret the registry decides, and refuses; with Never there is nobody to ask.
        var anonymous = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));
        Assert.Contains("unauthorized (401)", anonymous.Message, StringComparison.Ordinal);
        var never = await Assert.ThrowsAsync<ComponentFetchException>(
            () => harness.FetchAsync(image.Reference, ImagePullPolicy.Never, new ImagePullSecret { Username = username, Password = "other" }));
        Assert.Equal($"image '{image.Reference}' is cached from a pull with other credentials and pull policy is Never", never.Message);

        // The secret still works, from the cache.
        Assert.Equal(pulled.LocalPath, (await harness.FetchAsync(image.Reference, ImagePullPolicy.Never, secret)).LocalPath);
    }
}
