using System.Security.Cryptography;

namespace Wasmcloud.HostRuntime.Components;

/// <summary>
/// <c>file://</c> images (absolute paths) for development and tests. Registered with TryAdd, so the OCI source, which
/// also understands <c>file://</c>, replaces it.
/// </summary>
public sealed class FileComponentSource : IComponentSource
{
    public const string Scheme = "file://";

    public async Task<FetchedComponent> FetchAsync(ComponentReference reference, CancellationToken cancellationToken)
    {
        var image = reference.Image;
        if (!image.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new ComponentFetchException($"'{image}' is not a file:// image and this host has no OCI component source");
        }

        var path = Uri.TryCreate(image, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : image[Scheme.Length..];
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ComponentFetchException($"file:// images need an absolute path: {image}");
        }

        if (!File.Exists(path))
        {
            throw new ComponentFetchException($"file not found: {path}");
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var hash = await SHA256.HashDataAsync(stream, cancellationToken);
            return new FetchedComponent(image, path, "sha256:" + Convert.ToHexStringLower(hash));
        }
        catch (IOException e)
        {
            throw new ComponentFetchException($"cannot read {path}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ComponentFetchException($"cannot read {path}: {e.Message}", e);
        }
    }
}
