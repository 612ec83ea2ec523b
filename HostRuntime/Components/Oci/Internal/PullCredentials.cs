using System.Security.Cryptography;
using System.Text;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Components.Oci.Internal;

/// <summary>Pull secrets as keys: for tokens, shared pulls and cache entries. Empty means anonymous.</summary>
internal static class PullCredentials
{
    public static bool Present(ImagePullSecret? secret) => secret is { Username.Length: > 0 };

    /// <summary>
    /// A hash rather than the secret, because the key is written into the cache folder; equal only for equal
    /// username and password.
    /// </summary>
    public static string Key(ImagePullSecret? secret) =>
        Present(secret) ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{secret!.Username}\n{secret.Password}"))) : "";
}
