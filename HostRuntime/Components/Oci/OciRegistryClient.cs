using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wasmcloud.HostRuntime.Components.Oci.Internal;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Components.Oci;

/// <summary>
/// The pull side of the OCI distribution API on <see cref="HttpClient"/>: manifests (OCI, Docker v2, image indexes),
/// blobs streamed to disk while hashed, and the registry auth dance: anonymous first, then on a 401 either a bearer
/// token from the challenge's realm (sending the pull secret as basic credentials when there is one) or basic auth
/// with the pull secret. Tokens are kept per registry, repository and credentials until shortly before they expire.
/// Every failure is a <see cref="ComponentFetchException"/> that names the image and the registry.
/// </summary>
public sealed partial class OciRegistryClient : IDisposable
{
    /// <summary>containerd's limit: manifests are small, and an endless one must not eat memory.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private const int MaxSmallResponseBytes = 64 * 1024;
    private const int CopyBufferBytes = 81920;
    private const int AuthCacheSoftLimit = 256;
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);
    private static readonly string ExpectedLayers = string.Join(" or ", OciMediaTypes.WasmLayers);

    private readonly HttpClient _http;
    private readonly string _scheme;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<AuthKey, CachedAuth> _auth = new();

    public OciRegistryClient(HostRuntimeOptions options, TimeProvider timeProvider, ILogger<OciRegistryClient> logger)
        : this(options, CreateHandler(options), timeProvider, logger)
    {
    }

    /// <summary>For tests: a handler that wraps <see cref="CreateHandler"/> to count or hold requests.</summary>
    internal OciRegistryClient(HostRuntimeOptions options, HttpMessageHandler handler, TimeProvider timeProvider, ILogger logger)
    {
        // Pulls are bounded by the caller's token (--registry-pull-timeout), not by a per-request timeout.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("wasmcloud-orleans-host/1.0");
        _scheme = options.AllowInsecureRegistries ? "http" : "https";
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The handler for registry traffic: pooled connections, redirects followed (registries send blobs to object
    /// storage), and the extra CAs of <c>--oci-ca-path</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A CA file holds no certificate.</exception>
    internal static SocketsHttpHandler CreateHandler(HostRuntimeOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RegistryPullTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.OciCaPaths.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = RegistryTrust.Load(options.OciCaPaths).Validate;
        }

        return handler;
    }

    /// <summary>Reads the manifest (following an image index to its first wasm-bearing manifest) and picks the wasm layer.</summary>
    /// <exception cref="ComponentFetchException">The registry refused, the image is missing, or it holds no wasm layer.</exception>
    public async Task<OciResolvedImage> ResolveAsync(OciReference reference, ImagePullSecret? pullSecret, CancellationToken cancellationToken)
    {
        try
        {
            var (body, contentType) = await GetManifestAsync(reference, reference.ManifestReference, pullSecret, cancellationToken);
            var digest = Sha256Digest.Compute(body.Span);
            if (reference.Digest is { } pinned && pinned != digest)
            {
                throw Fail(reference, $"manifest digest mismatch: expected {pinned}, got {digest}");
            }

            var document = Parse(reference, body);
            var mediaType = document.MediaType ?? contentType;
            if (OciMediaTypes.IsIndex(mediaType) || (document.Layers.Count == 0 && document.Manifests.Count > 0))
            {
                return await ResolveIndexAsync(reference, document, pullSecret, cancellationToken);
            }

            return new OciResolvedImage(digest, PickLayer(reference, document.Layers) ?? throw NoWasmLayer(reference, document.Layers.Select(l => l.MediaType)));
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(reference, e);
        }
    }

    /// <summary>
    /// Streams the blob into <paramref name="destinationPath"/> (which must not exist) while hashing it, and checks size
    /// and digest against the descriptor. On any failure the file is gone.
    /// </summary>
    /// <exception cref="ComponentFetchException">The download failed or the bytes are not what the descriptor says.</exception>
    public async Task DownloadBlobAsync(
        OciReference reference, OciDescriptor blob, string destinationPath, ImagePullSecret? pullSecret, CancellationToken cancellationToken)
    {
        if (!Sha256Digest.IsValid(blob.Digest))
        {
            throw Fail(reference, $"blob digest '{blob.Digest}' is not a sha256 digest");
        }

        try
        {
            var uri = RegistryUri(reference, $"blobs/{blob.Digest}");
            using var response = await SendAsync(reference, pullSecret, () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
            await EnsureSuccessAsync(reference, response, cancellationToken);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var total = 0L;
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
            try
            {
                await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var file = new FileStream(destinationPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, FileOptions.Asynchronous);
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;

                    // A registry that sends more than the descriptor promised is wrong already; stop before it fills the disk.
                    if (total > blob.Size)
                    {
                        throw Fail(reference, $"digest mismatch: blob {blob.Digest} is larger than the {blob.Size} bytes its descriptor states");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // The cache trusts what it holds without hashing it again, so it must be on disk before it is renamed into place.
                file.Flush(flushToDisk: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (total != blob.Size)
            {
                throw Fail(reference, $"digest mismatch: blob {blob.Digest} has {total} bytes, its descriptor states {blob.Size}");
            }

            var actual = Sha256Digest.Format(hash);
            if (actual != blob.Digest)
            {
                throw Fail(reference, $"digest mismatch: expected {blob.Digest}, got {actual}");
            }
        }
        catch (HttpRequestException e)
        {
            TryDelete(destinationPath);
            throw Unreachable(reference, e);
        }
        catch (IOException e)
        {
            TryDelete(destinationPath);
            throw Fail(reference, $"download from {reference.Registry} failed: {e.Message}", e);
        }
        catch
        {
            TryDelete(destinationPath);
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<OciResolvedImage> ResolveIndexAsync(
        OciReference reference, OciManifestDocument index, ImagePullSecret? pullSecret, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var entry in index.Manifests)
        {
            // Nested indexes exist in theory only; following them would invite loops.
            if (OciMediaTypes.IsIndex(entry.MediaType) || !Sha256Digest.IsValid(entry.Digest))
            {
                continue;
            }

            var (body, _) = await GetManifestAsync(reference, entry.Digest, pullSecret, cancellationToken);
            var digest = Sha256Digest.Compute(body.Span);
            if (digest != entry.Digest)
            {
                throw Fail(reference, $"manifest digest mismatch: the index names {entry.Digest}, the registry sent {digest}");
            }

            var manifest = Parse(reference, body);
            if (PickLayer(reference, manifest.Layers) is { } layer)
            {
                return new OciResolvedImage(digest, layer);
            }

            found.AddRange(manifest.Layers.Select(l => l.MediaType));
        }

        throw NoWasmLayer(reference, found, "in any manifest of the image index");
    }

    private static OciDescriptor? PickLayer(OciReference reference, IReadOnlyList<OciDescriptor> layers)
    {
        var layer = layers.FirstOrDefault(l => OciMediaTypes.IsWasmLayer(l.MediaType));
        if (layer is null)
        {
            return null;
        }

        if (!Sha256Digest.IsValid(layer.Digest))
        {
            throw Fail(reference, $"the wasm layer's digest '{layer.Digest}' is not a sha256 digest");
        }

        return layer.Size >= 0 ? layer : throw Fail(reference, "the wasm layer's descriptor has no size");
    }

    private static ComponentFetchException NoWasmLayer(OciReference reference, IEnumerable<string> mediaTypes, string where = "in the manifest")
    {
        var found = mediaTypes.Distinct(StringComparer.Ordinal).Select(m => m.Length == 0 ? "(none)" : m).ToList();
        return Fail(reference, $"no wasm layer ({ExpectedLayers}) {where}; layer media types found: {(found.Count == 0 ? "none" : string.Join(", ", found))}");
    }

    private static OciManifestDocument Parse(OciReference reference, ReadOnlyMemory<byte> body)
    {
        try
        {
            return OciManifestDocument.Parse(body);
        }
        catch (FormatException e)
        {
            throw Fail(reference, e.Message, e);
        }
    }

    private async Task<(ReadOnlyMemory<byte> Body, string? ContentType)> GetManifestAsync(
        OciReference reference, string manifestReference, ImagePullSecret? pullSecret, CancellationToken cancellationToken)
    {
        var uri = RegistryUri(reference, $"manifests/{manifestReference}");
        using var response = await SendAsync(
            reference,
            pullSecret,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                foreach (var mediaType in OciMediaTypes.Manifests)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }

                return request;
            },
            cancellationToken);
        await EnsureSuccessAsync(reference, response, cancellationToken);
        var body = await ReadLimitedAsync(response.Content, MaxManifestBytes, cancellationToken)
            ?? throw Fail(reference, $"the manifest from {reference.Registry} is larger than {MaxManifestBytes} bytes");
        return (body, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Sends with what we know about auth for this repository; on a 401 answers the challenge once and resends.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        OciReference reference, ImagePullSecret? pullSecret, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        // Per credentials, so a workload never rides on a token fetched with another workload's secret.
        var key = new AuthKey(reference.ApiHost, reference.Repository, PullCredentials.Key(pullSecret));
        var known = _auth.TryGetValue(key, out var cached) && cached.ExpiresAt > _time.GetUtcNow() ? cached.Header : null;
        var response = await SendOnceAsync(createRequest, known, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.Select(response.Headers.WwwAuthenticate) is not { } challenge)
        {
            return response;
        }

        CachedAuth? answer = null;
        try
        {
            if (challenge.IsBearer)
            {
                answer = await FetchTokenAsync(reference, challenge, pullSecret, cancellationToken);
            }
            else if (challenge.IsBasic && HasCredentials(pullSecret))
            {
                answer = new CachedAuth(BasicHeader(pullSecret!), DateTimeOffset.MaxValue);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }

        // Nothing to answer with, or the answer was already refused: the caller reports the 401.
        if (answer is null || (known is not null && answer.Header.ToString() == known.ToString()))
        {
            return response;
        }

        response.Dispose();
        LogAuthenticated(reference.Registry, reference.Repository, challenge.Scheme);
        Remember(key, answer);
        return await SendOnceAsync(createRequest, answer.Header, cancellationToken);
    }

    private Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> createRequest, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        var request = createRequest();
        request.Headers.Authorization = authorization;
        return SendAndDisposeRequestAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
    }

    private async Task<CachedAuth> FetchTokenAsync(OciReference reference, AuthChallenge challenge, ImagePullSecret? pullSecret, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https"))
        {
            throw Fail(reference, $"{reference.Registry} asked for a bearer token without a usable realm ('{challenge["realm"]}')");
        }

        var query = new StringBuilder(realm.Query.TrimStart('?'));
        if (challenge["service"] is { } service)
        {
            Append(query, "service", service);
        }

        Append(query, "scope", challenge["scope"] ?? $"repository:{reference.Repository}:pull");
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (HasCredentials(pullSecret))
        {
            request.Headers.Authorization = BasicHeader(pullSecret!);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var who = HasCredentials(pullSecret) ? "the pull secret's credentials" : "an anonymous request";
            throw Fail(reference, $"unauthorized ({(int)response.StatusCode}) from {reference.Registry}: its token service {realm.Authority} refused {who}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Fail(reference, $"the token service {realm.Authority} of {reference.Registry} answered {(int)response.StatusCode} ({response.ReasonPhrase})");
        }

        var body = await ReadLimitedAsync(response.Content, MaxSmallResponseBytes, cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body ?? ReadOnlyMemory<byte>.Empty);
            var root = json.RootElement;
            var token = String(root, "token") ?? String(root, "access_token");
            if (string.IsNullOrEmpty(token))
            {
                throw Fail(reference, $"the token service {realm.Authority} of {reference.Registry} sent no token");
            }

            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number && expires.GetInt32() > 0
                ? TimeSpan.FromSeconds(expires.GetInt32())
                : DefaultTokenLifetime;

            // Renew a little early, so a token never expires between our check and the registry's.
            return new CachedAuth(new AuthenticationHeaderValue("Bearer", token), _time.GetUtcNow() + (lifetime * 0.9));
        }
        catch (JsonException e)
        {
            throw Fail(reference, $"the token service {realm.Authority} of {reference.Registry} sent an unreadable answer: {e.Message}", e);
        }

        static void Append(StringBuilder query, string name, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private void Remember(AuthKey key, CachedAuth auth)
    {
        if (_auth.Count >= AuthCacheSoftLimit)
        {
            var now = _time.GetUtcNow();
            foreach (var stale in _auth.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _auth.TryRemove(stale, out _);
            }
        }

        _auth[key] = auth;
    }

    private static async Task EnsureSuccessAsync(OciReference reference, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var registry = reference.Registry;
        var status = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"unauthorized (401) from {registry}",
            HttpStatusCode.Forbidden => $"forbidden (403) from {registry}",
            HttpStatusCode.NotFound => $"not found (404) from {registry}",
            HttpStatusCode.TooManyRequests => $"rate limited (429) by {registry}",
            var code => $"unexpected status {(int)code} ({response.ReasonPhrase}) from {registry}",
        };
        var detail = await ReadRegistryErrorAsync(response, cancellationToken);
        throw Fail(reference, detail is null ? status : $"{status}: {detail}");
    }

    /// <summary>The message of the distribution API's error body (<c>{"errors":[{"code","message"}]}</c>), if there is one.</summary>
    private static async Task<string?> ReadRegistryErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            if (await ReadLimitedAsync(response.Content, MaxSmallResponseBytes, cancellationToken) is not { Length: > 0 } body)
            {
                return null;
            }

            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
                    .Where(m => !string.IsNullOrEmpty(m))
                    .ToList();
                return messages.Count == 0 ? null : string.Join("; ", messages);
            }
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            // The status says enough; a body we cannot read adds nothing.
        }

        return null;
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(limit + 1, CopyBufferBytes)];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private Uri RegistryUri(OciReference reference, string path) => new($"{_scheme}://{reference.ApiHost}/v2/{reference.Repository}/{path}");

    private static bool HasCredentials(ImagePullSecret? secret) => PullCredentials.Present(secret);

    private static AuthenticationHeaderValue BasicHeader(ImagePullSecret secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secret.Username}:{secret.Password}")));

    private static ComponentFetchException Unreachable(OciReference reference, HttpRequestException e)
    {
        // .NET's outer message often ends in "see inner exception", which a pull error in a workload status cannot do.
        var innermost = e.GetBaseException();
        var outer = e.Message;
        var pointer = outer.IndexOf(", see inner exception", StringComparison.OrdinalIgnoreCase);
        outer = pointer >= 0 ? outer[..pointer] : outer.TrimEnd('.');
        var reason = ReferenceEquals(innermost, e) ? outer : $"{outer}: {innermost.Message}";
        return Fail(reference, $"cannot reach {reference.Registry}: {reason}", e);
    }

    private static ComponentFetchException Fail(OciReference reference, string reason, Exception? inner = null)
    {
        var message = $"failed to pull image '{reference.Original}': {reason}";
        return inner is null ? new ComponentFetchException(message) : new ComponentFetchException(message, inner);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temp file is swept with the cache's temp folder.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private readonly record struct AuthKey(string Host, string Repository, string Credentials);

    private sealed record CachedAuth(AuthenticationHeaderValue Header, DateTimeOffset ExpiresAt);
}
