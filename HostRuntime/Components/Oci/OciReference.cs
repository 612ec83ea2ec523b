using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Wasmcloud.HostRuntime.Components.Oci;

/// <summary>
/// An image reference as Docker and wasmCloud read it: <c>[registry/]repository[:tag][@digest]</c>. A first path
/// component counts as a registry only if it holds a dot or a port or is <c>localhost</c>; otherwise the registry is
/// <c>docker.io</c>, where single names live under <c>library/</c>. Without tag or digest the tag is <c>latest</c>.
/// </summary>
public sealed partial record OciReference
{
    public const string DockerHub = "docker.io";
    public const string DefaultTag = "latest";

    // Docker Hub's canonical name is not the host that serves the registry API.
    private const string DockerHubApiHost = "registry-1.docker.io";

    private OciReference(string original, string registry, string repository, string? tag, string? digest)
    {
        Original = original;
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The reference as written, for messages.</summary>
    public string Original { get; }

    /// <summary>The registry's name (<c>docker.io</c>, <c>ghcr.io</c>, <c>localhost:5000</c>).</summary>
    public string Registry { get; }

    /// <summary>The host (and port) that serves the registry API.</summary>
    public string ApiHost => Registry == DockerHub ? DockerHubApiHost : Registry;

    public string Repository { get; }

    public string? Tag { get; }

    /// <summary>The manifest digest (<c>sha256:…</c>) when pinned; it wins over the tag.</summary>
    public string? Digest { get; }

    /// <summary>What goes after <c>/manifests/</c>: the digest when pinned, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? DefaultTag;

    /// <summary>One spelling per image, so <c>ubuntu</c> and <c>docker.io/library/ubuntu:latest</c> share a cache entry.</summary>
    public string CanonicalName => Digest is { } digest ? $"{Registry}/{Repository}@{digest}" : $"{Registry}/{Repository}:{Tag}";

    public override string ToString() => CanonicalName;

    /// <exception cref="FormatException">The text is not an image reference; the message says why.</exception>
    public static OciReference Parse(string image) =>
        TryParse(image, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string image, [NotNullWhen(true)] out OciReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = null;
        if (string.IsNullOrWhiteSpace(image))
        {
            error = "image reference is empty";
            return false;
        }

        var rest = image.Trim();
        string? digest = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                error = $"invalid digest '{digest}': expected sha256: and 64 lowercase hex digits";
                return false;
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"invalid tag '{tag}'";
                return false;
            }
        }

        var registry = DockerHub;
        var slash = rest.IndexOf('/');
        if (slash > 0 && rest[..slash] is var first && (first.Contains('.') || first.Contains(':') || first == "localhost"))
        {
            registry = first.ToLowerInvariant();
            rest = rest[(slash + 1)..];
            if (!RegistryPattern().IsMatch(registry))
            {
                error = $"invalid registry '{first}'";
                return false;
            }
        }

        if (registry is "index.docker.io" or DockerHubApiHost)
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !rest.Contains('/'))
        {
            rest = "library/" + rest;
        }

        if (!rest.Split('/').All(PathComponentPattern().IsMatch))
        {
            error = $"invalid repository '{rest}': path components are lowercase letters, digits and separators (. _ __ -)";
            return false;
        }

        if (tag is null && digest is null)
        {
            tag = DefaultTag;
        }

        reference = new OciReference(image, registry, rest, tag, digest);
        return true;
    }

    // The grammar of github.com/distribution/reference, restricted to the one digest algorithm we can verify.
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();
}
