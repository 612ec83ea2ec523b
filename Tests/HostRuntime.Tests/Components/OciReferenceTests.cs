using Wasmcloud.HostRuntime.Components.Oci;

namespace Wasmcloud.HostRuntime.Tests.Components;

public sealed class OciReferenceTests
{
    [Theory]
    [InlineData("ubuntu", "docker.io", "registry-1.docker.io", "library/ubuntu", "latest", null)]
    [InlineData("ubuntu:22.04", "docker.io", "registry-1.docker.io", "library/ubuntu", "22.04", null)]
    [InlineData("wasmcloud/http-hello:0.1", "docker.io", "registry-1.docker.io", "wasmcloud/http-hello", "0.1", null)]
    [InlineData("docker.io/library/nginx", "docker.io", "registry-1.docker.io", "library/nginx", "latest", null)]
    [InlineData("index.docker.io/nginx:1", "docker.io", "registry-1.docker.io", "library/nginx", "1", null)]
    [InlineData("ghcr.io/wasmcloud/components/http-hello-world-rust:0.1.0", "ghcr.io", "ghcr.io", "wasmcloud/components/http-hello-world-rust", "0.1.0", null)]
    [InlineData("localhost:5000/x", "localhost:5000", "localhost:5000", "x", "latest", null)]
    [InlineData("localhost/x:v1", "localhost", "localhost", "x", "v1", null)]
    [InlineData("127.0.0.1:5000/team/app:v1", "127.0.0.1:5000", "127.0.0.1:5000", "team/app", "v1", null)]
    [InlineData("Registry.Example.com/app", "registry.example.com", "registry.example.com", "app", "latest", null)]
    public void Parses_names_the_way_docker_does(string image, string registry, string apiHost, string repository, string tag, string? digest)
    {
        var reference = OciReference.Parse(image);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(apiHost, reference.ApiHost);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(image, reference.Original);
    }

    [Fact]
    public void A_digest_pins_the_manifest_and_wins_over_the_tag()
    {
        var digest = "sha256:" + new string('a', 64);

        var pinned = OciReference.Parse($"ghcr.io/org/app@{digest}");
        var both = OciReference.Parse($"localhost:5000/app:v1@{digest}");

        Assert.Null(pinned.Tag);
        Assert.Equal(digest, pinned.ManifestReference);
        Assert.Equal($"ghcr.io/org/app@{digest}", pinned.CanonicalName);
        Assert.Equal("v1", both.Tag);
        Assert.Equal(digest, both.ManifestReference);
        Assert.Equal($"localhost:5000/app@{digest}", both.CanonicalName);
    }

    [Fact]
    public void Spellings_of_one_image_share_a_canonical_name()
    {
        Assert.Equal(OciReference.Parse("ubuntu").CanonicalName, OciReference.Parse("docker.io/library/ubuntu:latest").CanonicalName);
        Assert.Equal("docker.io/library/ubuntu:latest", OciReference.Parse("index.docker.io/library/ubuntu").CanonicalName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("Ubuntu", "invalid repository")]
    [InlineData("ghcr.io/org/App:v1", "invalid repository")]
    [InlineData("ghcr.io/org//app", "invalid repository")]
    [InlineData("app:", "invalid tag")]
    [InlineData("app:-x", "invalid tag")]
    [InlineData("app@sha256:abc", "invalid digest")]
    [InlineData("app@sha512:" + "0000000000000000000000000000000000000000000000000000000000000000", "invalid digest")]
    [InlineData("ghcr.io/", "invalid repository")]
    public void Rejects_what_is_not_a_reference(string image, string reason)
    {
        Assert.False(OciReference.TryParse(image, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => OciReference.Parse(image));
    }
}
