using Wasmcloud.HostRuntime.Components;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Oci;
using static Wasmcloud.HostRuntime.Tests.Components.ComponentSourceHarness;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>Docker Hub-style token auth: a 401 with a Bearer challenge, a token from the realm, the request again.</summary>
[Collection(RegistryCollection.Name)]
public sealed class OciBearerAuthTests(RegistryFixture registry)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_anonymous_token_is_fetched_for_the_repository_and_reused()
    {
        await using var front = await BearerTokenRegistry.StartAsync(registry);
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("bearer-anon"), "v1", content, cancellationToken: Cancellation);
        var reference = $"{front.Host}/{image.Repository}:v1";

        var first = await harness.FetchAsync(reference, ImagePullPolicy.Always);
        var second = await harness.FetchAsync(reference, ImagePullPolicy.Always);

        Assert.Equal(content, await File.ReadAllBytesAsync(first.LocalPath, Cancellation));
        Assert.Equal(first.LocalPath, second.LocalPath);
        Assert.Equal(1, front.TokenRequests);
        Assert.Equal([$"repository:{image.Repository}:pull"], front.RequestedScopes);
    }

    [Fact]
    public async Task The_pull_secret_is_sent_to_the_token_service()
    {
        await using var front = await BearerTokenRegistry.StartAsync(registry, ("robot", "hunter2"));
        using var harness = new ComponentSourceHarness();
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("bearer-secret"), "v1", content, cancellationToken: Cancellation);
        var reference = $"{front.Host}/{image.Repository}:v1";

        var fetched = await harness.FetchAsync(reference, secret: new ImagePullSecret { Username = "robot", Password = "hunter2" });

        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task A_refused_token_is_a_clear_401(string? password)
    {
        await using var front = await BearerTokenRegistry.StartAsync(registry, ("robot", "hunter2"));
        using var harness = new ComponentSourceHarness();
        var image = await registry.PushAsync(NewRepository("bearer-refused"), "v1", NewComponent(), cancellationToken: Cancellation);
        var reference = $"{front.Host}/{image.Repository}:v1";
        var secret = password is null ? null : new ImagePullSecret { Username = "robot", Password = password };

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(reference, secret: secret));

        Assert.StartsWith($"failed to pull image '{reference}': unauthorized (401) from {front.Host}", error.Message, StringComparison.Ordinal);
    }
}
