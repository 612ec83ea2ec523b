using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;
using WatchEventType = Wasmcloud.Silo.Feeding.WatchEventType;

namespace Wasmcloud.Silo.Kubernetes;

/// <summary>
/// <see cref="IResourceWatchSource"/> over the Kubernetes API: paged LIST with the list's resourceVersion, and WATCH
/// from a version with bookmarks. An expired version (410, as an HTTP answer or as an ERROR event) becomes
/// <see cref="ResourceExpiredException"/>; a stream the server ends, or one silent past
/// <see cref="KubernetesOptions.WatchIdleTimeout"/>, simply completes, and the informer resumes from its last version.
/// </summary>
/// <remarks>
/// Watches read the JSON lines themselves, over the client's own <see cref="HttpClient"/> and credentials, instead of
/// KubernetesClient's watch helpers: those block until the first line arrives, fail on a stream closed before one,
/// and under quick reconnects over HTTP/1.1 were seen leaving a reader on a pooled connection that then swallowed the
/// answer to an unrelated request.
/// </remarks>
public sealed partial class KubernetesWatchSource : IResourceWatchSource
{
    private readonly IKubernetes _client;
    private readonly KubernetesOptions _options;
    private readonly ILogger _logger;

    public KubernetesWatchSource(IKubernetes client, IOptions<KubernetesOptions> options, ILogger<KubernetesWatchSource> logger)
    {
        _client = client;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<ResourceList> ListAsync(KubeKind kind, string? @namespace, CancellationToken cancellationToken)
    {
        var items = new List<KubeObject>();
        string? resourceVersion = null;
        string? next = null;
        int? limit = _options.ListPageSize > 0 ? _options.ListPageSize : null;
        try
        {
            do
            {
                var page = @namespace is null
                    ? await _client.CustomObjects.ListClusterCustomObjectAsync(kind.Group, kind.Version, kind.Plural, continueParameter: next, limit: limit, cancellationToken: cancellationToken)
                    : await _client.CustomObjects.ListNamespacedCustomObjectAsync(kind.Group, kind.Version, @namespace, kind.Plural, continueParameter: next, limit: limit, cancellationToken: cancellationToken);
                var element = page is JsonElement json ? json : JsonSerializer.SerializeToElement(page);
                // Every page of one list is a snapshot at the first page's version: watch from that one.
                resourceVersion ??= ModelConversion.ResourceVersionOf(element);
                if (element.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    items.AddRange(array.EnumerateArray().Select(item => ModelConversion.ToModel(kind, item)));
                }

                next = element.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("continue", out var token) ? token.GetString() : null;
            }
            while (!string.IsNullOrEmpty(next));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
        {
            // The continue token outlived the server's history: list again from the start.
            throw new ResourceExpiredException($"list of {kind.Plural} expired between pages: {ex.Response.Content}", ex);
        }

        return new ResourceList(items, resourceVersion ?? throw new InvalidOperationException($"the list of {kind.Plural} carried no resourceVersion"));
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(KubeKind kind, string? @namespace, string fromResourceVersion, CancellationToken cancellationToken) =>
        WatchCoreAsync(kind, @namespace, fromResourceVersion, cancellationToken);

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(
        KubeKind kind, string? @namespace, string fromResourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var api = _client as k8s.Kubernetes
            ?? throw new NotSupportedException($"watches need the HTTP client of a {typeof(k8s.Kubernetes)}, not a {_client.GetType()}");
        var scope = @namespace ?? "*";
        using var request = new HttpRequestMessage(HttpMethod.Get, WatchUri(api.BaseUri, kind, @namespace, fromResourceVersion));
        if (api.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_options.WatchIdleTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await api.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.Idle(_logger, kind.Plural, scope, _options.WatchIdleTimeout);
        }

        if (response is null)
        {
            yield break;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw response.StatusCode == HttpStatusCode.Gone
                    ? new ResourceExpiredException($"watch of {kind.Plural} from {fromResourceVersion}: {body}")
                    : new HttpRequestException($"watch of {kind.Plural} in {scope} failed with {(int)response.StatusCode}: {body}", null, response.StatusCode);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (true)
            {
                idle.CancelAfter(_options.WatchIdleTimeout);
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Half-open connections hang without a word; bookmarks would have arrived by now.
                    Log.Idle(_logger, kind.Plural, scope, _options.WatchIdleTimeout);
                    yield break;
                }

                if (line is null)
                {
                    yield break;
                }

                if (line.Length > 0 && Parse(kind, line, fromResourceVersion, scope) is { } change)
                {
                    yield return change;
                }
            }
        }
    }

    private WatchEvent? Parse(KubeKind kind, string line, string fromResourceVersion, string scope)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            Log.BadLine(_logger, ex, kind.Plural, scope);
            return null;
        }

        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (!root.TryGetProperty("object", out var body))
        {
            return null;
        }

        switch (type)
        {
            case "ADDED" or "MODIFIED" or "DELETED":
                var obj = ModelConversion.ToModel(kind, body);
                var mapped = type switch
                {
                    "ADDED" => WatchEventType.Added,
                    "MODIFIED" => WatchEventType.Modified,
                    _ => WatchEventType.Deleted,
                };
                return new WatchEvent(mapped, obj, obj.Metadata.ResourceVersion ?? "");
            case "BOOKMARK":
                return new WatchEvent(WatchEventType.Bookmark, null, ModelConversion.ResourceVersionOf(body) ?? "");
            case "ERROR":
                var code = body.TryGetProperty("code", out var c) && c.TryGetInt32(out var value) ? value : 0;
                var reason = body.TryGetProperty("reason", out var r) ? r.GetString() : null;
                var message = body.TryGetProperty("message", out var m) ? m.GetString() : null;
                throw code == (int)HttpStatusCode.Gone || reason is "Expired" or "Gone"
                    ? new ResourceExpiredException($"watch of {kind.Plural} from {fromResourceVersion}: {message}")
                    : new InvalidOperationException($"watch of {kind.Plural} in {scope} failed: {code.ToString(CultureInfo.InvariantCulture)} {reason}: {message}");
            default:
                return null;
        }
    }

    private Uri WatchUri(Uri baseUri, KubeKind kind, string? @namespace, string fromResourceVersion)
    {
        var path = new StringBuilder(kind.Group.Length == 0 ? $"api/{kind.Version}" : $"apis/{kind.Group}/{kind.Version}");
        if (@namespace is not null)
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        }

        // The server ends the watch after timeoutSeconds; jitter so informers do not all reconnect at once.
        var timeoutSeconds = (int)(_options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        path.Append('/').Append(kind.Plural)
            .Append("?watch=true&allowWatchBookmarks=true&timeoutSeconds=").Append(timeoutSeconds.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(fromResourceVersion))
        {
            path.Append("&resourceVersion=").Append(Uri.EscapeDataString(fromResourceVersion));
        }

        return new Uri(baseUri.ToString().TrimEnd('/') + "/" + path);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Skipped an unreadable line in the watch of {Plural} in {Namespace}")]
        public static partial void BadLine(ILogger logger, Exception exception, string plural, string @namespace);

        [LoggerMessage(2, LogLevel.Information, "Watch of {Plural} in {Namespace} was silent for {Timeout}; reopening it")]
        public static partial void Idle(ILogger logger, string plural, string @namespace, TimeSpan timeout);
    }
}
