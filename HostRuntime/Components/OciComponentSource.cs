using System.Collections.Concurrent;
using System.Globalization;
using Wasmcloud.HostRuntime.Components.Oci;
using Wasmcloud.HostRuntime.Components.Oci.Internal;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Components;

/// <summary>
/// Components from OCI registries through <see cref="ComponentCache"/>, and from <c>file://</c> paths in development.
/// Pull policies: <c>Always</c> resolves the manifest every time (an already cached blob is not downloaded again);
/// <c>IfNotPresent</c> and unspecified use the cached reference when there is one; <c>Never</c> uses only the cache.
/// </summary>
/// <remarks>
/// Unlike the reference host, whose serial command loop waits out a slow pull, nothing here is shared between
/// pulls but the connection pool: each pull is its own task bounded by <c>--registry-pull-timeout</c>, identical
/// pulls in flight are joined rather than repeated, and a caller that gives up stops waiting at once.
/// </remarks>
public sealed partial class OciComponentSource : IComponentSource, IDisposable
{
    private const string FileScheme = "file://";

    private readonly ComponentCache _cache;
    private readonly OciRegistryClient _registry;
    private readonly TimeSpan _pullTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger<OciComponentSource> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<ComponentCache.Entry>>> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private int _pullCount;

    public OciComponentSource(
        HostRuntimeOptions options, ComponentCache cache, OciRegistryClient registry, TimeProvider timeProvider, ILogger<OciComponentSource> logger)
    {
        _cache = cache;
        _registry = registry;
        _pullTimeout = options.RegistryPullTimeout;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Pulls that went to a registry so far (joined callers count once): lets tests prove de-duplication.</summary>
    internal int PullCount => Volatile.Read(ref _pullCount);

    public async Task<FetchedComponent> FetchAsync(ComponentReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        cancellationToken.ThrowIfCancellationRequested();
        var image = reference.Image?.Trim() ?? "";
        if (image.StartsWith(FileScheme, StringComparison.OrdinalIgnoreCase))
        {
            return await FetchFileAsync(image, cancellationToken);
        }

        if (!OciReference.TryParse(image, out var oci, out var error))
        {
            throw new ComponentFetchException($"failed to pull image '{image}': {error}");
        }

        // Everything up to joining a pull runs synchronously, so callers that arrive together share one download.
        var policy = reference.PullPolicy;
        var credentials = PullCredentials.Key(reference.PullSecret);
        if (policy != ImagePullPolicy.Always && _cache.FindReference(oci.CanonicalName) is { } cached)
        {
            // An image pulled with a secret is private: another caller gets it from the cache only with the same
            // secret, else the registry decides (the manifest is resolved again; the blob is not downloaded again).
            if (cached.PulledWith.Length == 0 || cached.PulledWith == credentials)
            {
                LogCacheHit(image, cached.Digest);
                return new FetchedComponent(image, cached.Path, cached.Digest);
            }

            if (policy == ImagePullPolicy.Never)
            {
                throw new ComponentFetchException($"image '{image}' is cached from a pull with other credentials and pull policy is Never");
            }

            LogCacheNeedsCredentials(image);
        }
        else if (policy == ImagePullPolicy.Never)
        {
            throw new ComponentFetchException($"image '{image}' is not present and pull policy is Never");
        }

        var entry = await JoinPullAsync(oci, reference.PullSecret, credentials).WaitAsync(cancellationToken);
        return new FetchedComponent(image, entry.Path, entry.Digest);
    }

    public void Dispose()
    {
        // Only cancelled, never disposed: a pull still unwinding may ask it, and the container may dispose this twice
        // (it is registered as itself and as IComponentSource). A token source without a timer holds nothing to free.
        _shutdown.Cancel();
    }

    /// <summary>
    /// One pull per reference and credentials at a time. The pull is not tied to any caller's token: a caller that
    /// gives up leaves it to the others, and the timeout and <see cref="Dispose"/> end it.
    /// </summary>
    private Task<ComponentCache.Entry> JoinPullAsync(OciReference oci, ImagePullSecret? pullSecret, string credentials)
    {
        // A failed pull with one secret must not be handed to a caller holding another.
        var key = $"{oci.CanonicalName}\n{credentials}";
        Lazy<Task<ComponentCache.Entry>>? created = null;
        created = new Lazy<Task<ComponentCache.Entry>>(() => PullAndForgetAsync(key, created!, oci, pullSecret, credentials));
        return _inFlight.GetOrAdd(key, created).Value;
    }

    private async Task<ComponentCache.Entry> PullAndForgetAsync(
        string key, Lazy<Task<ComponentCache.Entry>> self, OciReference oci, ImagePullSecret? pullSecret, string credentials)
    {
        // Off the caller's stack: the first caller must not run the pull's synchronous part while the others wait to join.
        await Task.Yield();
        try
        {
            return await PullAsync(oci, pullSecret, credentials);
        }
        finally
        {
            // Only this pull's own entry: a later pull of the same key may already have replaced it.
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<ComponentCache.Entry>>>(key, self));
        }
    }

    private async Task<ComponentCache.Entry> PullAsync(OciReference oci, ImagePullSecret? pullSecret, string credentials)
    {
        Interlocked.Increment(ref _pullCount);
        using var timeout = new CancellationTokenSource(_pullTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _shutdown.Token);
        var started = _time.GetTimestamp();
        LogPulling(oci.Original, oci.Registry);
        try
        {
            var resolved = await _registry.ResolveAsync(oci, pullSecret, linked.Token);
            var path = _cache.FindBlob(resolved.Layer.Digest);
            if (path is null)
            {
                var temp = _cache.NewTempPath();
                await _registry.DownloadBlobAsync(oci, resolved.Layer, temp, pullSecret, linked.Token);
                path = _cache.CommitBlob(temp, resolved.Layer.Digest);
                var elapsed = _time.GetElapsedTime(started);
                LogDownloaded(oci.Original, resolved.Layer.Digest, resolved.Layer.Size, elapsed);
            }
            else
            {
                LogBlobReused(oci.Original, resolved.Layer.Digest);
            }

            var entry = new ComponentCache.Entry(oci.CanonicalName, resolved.Layer.Digest, resolved.ManifestDigest, path, credentials);
            await _cache.RecordReferenceAsync(entry, linked.Token);
            return entry;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            var message = $"failed to pull image '{oci.Original}': timed out after {Describe(_pullTimeout)} (--registry-pull-timeout) pulling from {oci.Registry}";
            LogPullFailed(oci.Original, message);
            throw new ComponentFetchException(message, e);
        }
        catch (OperationCanceledException e) when (_shutdown.IsCancellationRequested)
        {
            throw new ComponentFetchException($"failed to pull image '{oci.Original}': the host is shutting down", e);
        }
        catch (ComponentFetchException e)
        {
            LogPullFailed(oci.Original, e.Message);
            throw;
        }
    }

    private static async Task<FetchedComponent> FetchFileAsync(string image, CancellationToken cancellationToken)
    {
        // file:///abs/path only: file://relative/x.wasm would make "relative" a host name.
        if (image.Length == FileScheme.Length || !Uri.TryCreate(image, UriKind.Absolute, out var uri) || !uri.IsFile || !uri.IsLoopback || !Path.IsPathFullyQualified(uri.LocalPath))
        {
            throw new ComponentFetchException($"failed to pull image '{image}': a file reference must be an absolute path such as file:///path/to/component.wasm");
        }

        var path = uri.LocalPath;
        if (!File.Exists(path))
        {
            throw new ComponentFetchException($"failed to pull image '{image}': file not found: {path}");
        }

        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return new FetchedComponent(image, path, await Sha256Digest.ComputeAsync(file, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ComponentFetchException($"failed to pull image '{image}': cannot read {path}: {e.Message}", e);
        }
    }

    private static string Describe(TimeSpan duration) =>
        duration.TotalSeconds >= 1 && duration.Milliseconds == 0
            ? $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
            : $"{duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
}
