using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;
using K8sWatchEventType = k8s.WatchEventType;
using WatchEventType = Wasmcloud.Silo.Feeding.WatchEventType;

namespace Wasmcloud.Silo.Kubernetes;

/// <summary>
/// <see cref="IResourceWatchSource"/> over the Kubernetes API: paged LIST with the list's resourceVersion, and WATCH
/// from a version with bookmarks. An expired version (410, as an HTTP answer or as an ERROR event) becomes
/// <see cref="ResourceExpiredException"/>; a stream the server ends, or one silent past
/// <see cref="KubernetesOptions.WatchIdleTimeout"/>, simply completes, and the informer resumes from its last version.
/// </summary>
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
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        KubernetesException? failure = null;
        void OnError(Exception error)
        {
            if (error is KubernetesException status)
            {
                // An ERROR event (a Status line): the server ends the watch after it; stop reading at once.
                failure = status;
                idle.Cancel();
            }
            else
            {
                Log.BadLine(_logger, error, kind.Plural, @namespace ?? "*");
            }
        }

        var timeoutSeconds = (int)(_options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        var stream = @namespace is null
            ? _client.CustomObjects.WatchListClusterCustomObjectAsync(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: true, resourceVersion: fromResourceVersion,
                timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: idle.Token)
            : _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                kind.Group, kind.Version, @namespace, kind.Plural, allowWatchBookmarks: true, resourceVersion: fromResourceVersion,
                timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: idle.Token);
        await using var events = stream.GetAsyncEnumerator(idle.Token);
        var received = 0;
        while (true)
        {
            idle.CancelAfter(_options.WatchIdleTimeout);
            try
            {
                if (!await events.MoveNextAsync())
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (failure is not null)
                {
                    break;
                }

                Log.Idle(_logger, kind.Plural, @namespace ?? "*", _options.WatchIdleTimeout);
                yield break;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
            {
                throw new ResourceExpiredException($"watch of {kind.Plural} from {fromResourceVersion}: {ex.Response.Content}", ex);
            }
            catch (JsonException) when (received == 0 && failure is null)
            {
                // KubernetesClient reads the first line before handing over the stream; a watch the server closed
                // before sending anything fails that read. It is an empty watch, not an error.
                yield break;
            }

            received++;
            var (type, body) = events.Current;
            if (Map(kind, type, body) is { } change)
            {
                yield return change;
            }
        }

        if (failure is not null)
        {
            throw failure.Status?.Code == (int)HttpStatusCode.Gone || failure.Status?.Reason is "Expired" or "Gone"
                ? new ResourceExpiredException($"watch of {kind.Plural} from {fromResourceVersion}: {failure.Status?.Message}", failure)
                : failure;
        }
    }

    private static WatchEvent? Map(KubeKind kind, K8sWatchEventType type, object body)
    {
        switch (type)
        {
            case K8sWatchEventType.Bookmark:
                return new WatchEvent(WatchEventType.Bookmark, null, ModelConversion.ResourceVersionOf(body) ?? "");
            case K8sWatchEventType.Added or K8sWatchEventType.Modified or K8sWatchEventType.Deleted:
                var obj = ModelConversion.ToModel(kind, body);
                var mapped = type switch
                {
                    K8sWatchEventType.Added => WatchEventType.Added,
                    K8sWatchEventType.Modified => WatchEventType.Modified,
                    _ => WatchEventType.Deleted,
                };
                return new WatchEvent(mapped, obj, obj.Metadata.ResourceVersion ?? "");
            default:
                return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Skipped an unreadable line in the watch of {Plural} in {Namespace}")]
        public static partial void BadLine(ILogger logger, Exception exception, string plural, string @namespace);

        [LoggerMessage(2, LogLevel.Information, "Watch of {Plural} in {Namespace} was silent for {Timeout}; reopening it")]
        public static partial void Idle(ILogger logger, string plural, string @namespace, TimeSpan timeout);
    }
}
