using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Wasmcloud.HostRuntime.Components.Oci.Internal;

/// <summary>OCI digests of the one algorithm we verify: <c>sha256:</c> and 64 lowercase hex digits.</summary>
internal static partial class Sha256Digest
{
    public const string Prefix = "sha256:";

    public static string Compute(ReadOnlySpan<byte> content) => Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> ComputeAsync(Stream content, CancellationToken cancellationToken) =>
        Prefix + Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));

    public static string Format(IncrementalHash hash) => Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>
    /// Strict on purpose: digests from manifests become file names in the cache, so anything but the exact form
    /// (a path separator, say) must never get that far.
    /// </summary>
    public static bool IsValid(string? digest) => digest is not null && Pattern().IsMatch(digest);

    /// <summary>The hex part of a valid digest.</summary>
    public static string Hex(string digest) => digest[Prefix.Length..];

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Pattern();
}
