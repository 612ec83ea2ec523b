using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wasmcloud.HostRuntime.Components.Oci.Internal;

namespace Wasmcloud.HostRuntime.Components;

/// <summary>
/// Pulled components on disk (<c>--oci-cache-dir</c>), keyed twice: by content (<c>blobs/sha256/&lt;hex&gt;.wasm</c>,
/// written only after the digest was verified) and by reference (<c>refs/&lt;hash of the canonical name&gt;.json</c>,
/// naming the blob a tag resolved to). Every write lands in <c>tmp/</c> first and is renamed into place, so readers,
/// including other hosts sharing the folder, never see half a file.
/// </summary>
public sealed class ComponentCache
{
    // Whatever is this old in tmp/ belongs to a pull that died with its process.
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    private readonly string _blobs;
    private readonly string _refs;
    private readonly string _temp;

    /// <exception cref="IOException">The folder cannot be created.</exception>
    public ComponentCache(string root)
    {
        Root = Path.GetFullPath(root);
        _blobs = Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256")).FullName;
        _refs = Directory.CreateDirectory(Path.Combine(Root, "refs")).FullName;
        _temp = Directory.CreateDirectory(Path.Combine(Root, "tmp")).FullName;
        SweepStaleTemp();
    }

    /// <summary>Where the cache lives without <c>--oci-cache-dir</c>.</summary>
    public static string DefaultRoot => Path.Combine(Path.GetTempPath(), "wasmcloud-oci-cache");

    public string Root { get; }

    /// <summary>What <paramref name="canonicalName"/> resolved to when last pulled, if its blob is still here.</summary>
    public Entry? FindReference(string canonicalName)
    {
        var path = ReferencePath(canonicalName);
        try
        {
            // Small enough to read synchronously, which keeps a cache hit free of thread hops.
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var reference = root.GetProperty("reference").GetString();
            var digest = root.GetProperty("digest").GetString();
            var manifestDigest = root.GetProperty("manifestDigest").GetString() ?? "";
            var pulledWith = root.GetProperty("pulledWith").GetString() ?? "";
            if (reference != canonicalName || !Sha256Digest.IsValid(digest) || FindBlob(digest!) is not { } blob)
            {
                return null;
            }

            return new Entry(canonicalName, digest!, manifestDigest, blob, pulledWith);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Missing or unreadable: a miss, and the next pull writes it again.
            return null;
        }
    }

    /// <summary>The path of a verified blob, or null.</summary>
    public string? FindBlob(string digest)
    {
        if (!Sha256Digest.IsValid(digest))
        {
            return null;
        }

        var path = BlobPath(digest);
        return File.Exists(path) ? path : null;
    }

    /// <summary>A fresh path in the cache's temp folder (same file system as the blobs, so the final rename is atomic).</summary>
    public string NewTempPath() => Path.Combine(_temp, $"{Guid.NewGuid():N}.part");

    /// <summary>Moves a verified download into place and returns its final path.</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not a sha256 digest.</exception>
    public string CommitBlob(string tempPath, string digest)
    {
        if (!Sha256Digest.IsValid(digest))
        {
            throw new ArgumentException($"'{digest}' is not a sha256 digest", nameof(digest));
        }

        var path = BlobPath(digest);
        try
        {
            File.Move(tempPath, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone else (another host on the same folder) committed the same bytes first; theirs are as good.
            File.Delete(tempPath);
        }

        return path;
    }

    /// <summary>Records what a reference resolved to; its blob must have been committed.</summary>
    public async Task RecordReferenceAsync(Entry entry, CancellationToken cancellationToken)
    {
        var temp = NewTempPath();
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        await using (var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("reference", entry.Reference);
            writer.WriteString("digest", entry.Digest);
            writer.WriteString("manifestDigest", entry.ManifestDigest);
            writer.WriteString("pulledWith", entry.PulledWith);
            writer.WriteString("pulledAt", DateTimeOffset.UtcNow);
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
        }

        File.Move(temp, ReferencePath(entry.Reference), overwrite: true);
    }

    private string BlobPath(string digest) => Path.Combine(_blobs, Sha256Digest.Hex(digest) + ".wasm");

    // Hashed, because references hold slashes, colons and @ that make poor file names.
    private string ReferencePath(string canonicalName) =>
        Path.Combine(_refs, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalName))) + ".json");

    private void SweepStaleTemp()
    {
        var cutoff = DateTime.UtcNow - StaleTempAge;
        foreach (var file in new DirectoryInfo(_temp).EnumerateFiles())
        {
            try
            {
                if (file.LastWriteTimeUtc < cutoff)
                {
                    file.Delete();
                }
            }
            catch (IOException)
            {
                // Still in use or already gone; the next start tries again.
            }
        }
    }

    /// <summary>
    /// A cached reference: what it resolved to, where the bytes are, and a hash of the pull secret it was pulled with
    /// (empty when anonymous), so private images are not handed to callers without that secret.
    /// </summary>
    public sealed record Entry(string Reference, string Digest, string ManifestDigest, string Path, string PulledWith);
}
