using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Kubernetes;

/// <summary>
/// <see cref="IResourceStore"/> over the Kubernetes API. Objects go out and come back in the model's own JSON
/// (<see cref="ModelJson"/>); every kind, built-in or custom, travels through the custom-objects operations, which
/// address core kinds under <c>/api/v1</c>. 404 becomes null or <see cref="ResourceNotFoundException"/>, 409
/// <see cref="ResourceConflictException"/>; other failures surface as KubernetesClient raised them.
/// </summary>
public sealed partial class KubernetesResourceStore : IResourceStore
{
    public const string DefaultNamespace = "default";

    // Repeats of one event bump a count instead of adding objects, as client-go's recorder does. Bounded: a
    // forgotten entry only means the next repeat starts a fresh Event.
    private const int EventCacheSize = 4096;

    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _eventsLock = new();
    private readonly Dictionary<EventIdentity, (string Namespace, string Name, int Count)> _events = [];
    private readonly Queue<EventIdentity> _eventOrder = new();

    public KubernetesResourceStore(IKubernetes client, TimeProvider time, ILogger<KubernetesResourceStore> logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
    }

    public async Task<T?> GetAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var kind = KubeKind.Of<T>();
        try
        {
            var body = await _client.CustomObjects.GetNamespacedCustomObjectAsync(kind.Group, kind.Version, Normalize(@namespace), kind.Plural, name, cancellationToken);
            return ModelConversion.ToModel<T>(body);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var kind = KubeKind.Of<T>();
        var selector = labels is { Count: > 0 } ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) : null;
        var body = @namespace is null
            ? await _client.CustomObjects.ListClusterCustomObjectAsync(kind.Group, kind.Version, kind.Plural, labelSelector: selector, cancellationToken: cancellationToken)
            : await _client.CustomObjects.ListNamespacedCustomObjectAsync(kind.Group, kind.Version, Normalize(@namespace), kind.Plural, labelSelector: selector, cancellationToken: cancellationToken);
        return [.. Items(body).Select(item => ModelConversion.ToModel<T>(item))];
    }

    public async Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var kind = KubeKind.Of(obj.GetType());
        var node = ModelConversion.ToNode(obj);
        var meta = node["metadata"]!.AsObject();
        var @namespace = Normalize(obj.Metadata.Namespace);
        meta["namespace"] = @namespace;
        // The server assigns these; a create that carries a resourceVersion is refused outright.
        foreach (var assigned in new[] { "resourceVersion", "uid", "generation", "creationTimestamp", "deletionTimestamp" })
        {
            meta.Remove(assigned);
        }

        Stamp(kind, node);
        try
        {
            var body = await _client.CustomObjects.CreateNamespacedCustomObjectAsync(
                node, kind.Group, kind.Version, @namespace, kind.Plural, fieldManager: WellKnown.FieldManager, cancellationToken: cancellationToken);
            return (T)ModelConversion.ToModel(kind, body);
        }
        catch (HttpOperationException ex)
        {
            throw Translate(ex, kind, @namespace, obj.Name);
        }
    }

    public async Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var kind = KubeKind.Of(obj.GetType());
        var node = ModelConversion.ToNode(obj);
        var @namespace = Normalize(obj.Metadata.Namespace);
        node["metadata"]!["namespace"] = @namespace;
        Stamp(kind, node);
        try
        {
            var body = await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(
                node, kind.Group, kind.Version, @namespace, kind.Plural, obj.Name, fieldManager: WellKnown.FieldManager, cancellationToken: cancellationToken);
            return (T)ModelConversion.ToModel(kind, body);
        }
        catch (HttpOperationException ex)
        {
            throw Translate(ex, kind, @namespace, obj.Name);
        }
    }

    /// <summary>
    /// A merge patch on <c>/status</c> carrying <c>metadata.resourceVersion</c> when the object has one, so a write
    /// based on a stale read is refused (409) rather than silently overwriting a newer status.
    /// </summary>
    public async Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var kind = KubeKind.Of(obj.GetType());
        if (!kind.HasStatus)
        {
            throw new InvalidOperationException($"{kind.Kind} has no status subresource");
        }

        var patch = new JsonObject { ["status"] = ModelConversion.StatusPatchOf(obj) };
        if (!string.IsNullOrEmpty(obj.Metadata.ResourceVersion))
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = obj.Metadata.ResourceVersion };
        }

        var @namespace = Normalize(obj.Metadata.Namespace);
        try
        {
            var body = await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                kind.Group, kind.Version, @namespace, kind.Plural, obj.Name, fieldManager: WellKnown.FieldManager, cancellationToken: cancellationToken);
            return (T)ModelConversion.ToModel(kind, body);
        }
        catch (HttpOperationException ex)
        {
            throw Translate(ex, kind, @namespace, obj.Name);
        }
    }

    public async Task DeleteAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default) where T : KubeObject
    {
        var kind = KubeKind.Of<T>();
        try
        {
            // Background: the object goes now (or is marked, finalizers permitting); the collector takes its dependents.
            await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                kind.Group, kind.Version, Normalize(@namespace), kind.Plural, name, propagationPolicy: "Background", cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    public async Task RecordEventAsync(KubeObject about, string type, string reason, string message, string? action = null, CancellationToken cancellationToken = default)
    {
        var kind = KubeKind.Of<KubeEvent>();
        var @namespace = Normalize(about.Metadata.Namespace);
        var identity = new EventIdentity(about.Metadata.Uid ?? $"{about.Kind}/{@namespace}/{about.Name}", type, reason, message);
        var now = _time.GetUtcNow();
        (string Namespace, string Name, int Count)? seen;
        lock (_eventsLock)
        {
            seen = _events.TryGetValue(identity, out var entry) ? entry : null;
        }

        if (seen is { } repeat)
        {
            var patch = new JsonObject { ["count"] = repeat.Count + 1, ["lastTimestamp"] = Rfc3339(now) };
            if (action is not null)
            {
                patch["action"] = action;
            }

            try
            {
                await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), kind.Group, kind.Version, repeat.Namespace, kind.Plural, repeat.Name, cancellationToken: cancellationToken);
                Remember(identity, (repeat.Namespace, repeat.Name, repeat.Count + 1));
                return;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Events expire (one hour by default); start a new one.
            }
        }

        // client-go's naming: the object's name and the time in nanoseconds, in hex.
        var metadata = new ObjectMeta { Name = $"{about.Name}.{(now - DateTimeOffset.UnixEpoch).Ticks * 100:x}", Namespace = @namespace };
        var recorded = KubeEvent.First(about, metadata, type, reason, message, action, now);
        var created = await CreateAsync(recorded, cancellationToken);
        Remember(identity, (@namespace, created.Name, 1));
        Log.EventRecorded(_logger, type, reason, about.Kind, @namespace, about.Name);
    }

    private void Remember(EventIdentity identity, (string Namespace, string Name, int Count) entry)
    {
        lock (_eventsLock)
        {
            if (!_events.ContainsKey(identity))
            {
                _eventOrder.Enqueue(identity);
                while (_eventOrder.Count > EventCacheSize)
                {
                    _events.Remove(_eventOrder.Dequeue());
                }
            }

            _events[identity] = entry;
        }
    }

    private static IEnumerable<JsonElement> Items(object body) =>
        body is JsonElement element && element.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static void Stamp(KubeKind kind, JsonObject node)
    {
        node["apiVersion"] = kind.ApiVersion;
        node["kind"] = kind.Kind;
    }

    private Exception Translate(HttpOperationException ex, KubeKind kind, string @namespace, string name)
    {
        var message = StatusMessage(ex) ?? ex.Message;
        switch (ex.Response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return new ResourceNotFoundException($"{kind.Kind} {@namespace}/{name}: {message}");
            case HttpStatusCode.Conflict:
                Log.Conflict(_logger, kind.Kind, @namespace, name, message);
                return new ResourceConflictException($"{kind.Kind} {@namespace}/{name}: {message}", ex);
            default:
                return ex;
        }
    }

    private static string? StatusMessage(HttpOperationException ex)
    {
        try
        {
            return JsonNode.Parse(ex.Response.Content ?? "")?["message"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Normalize(string? @namespace) => string.IsNullOrEmpty(@namespace) ? DefaultNamespace : @namespace;

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private readonly record struct EventIdentity(string InvolvedUid, string Type, string Reason, string Message);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Write of {Kind} {Namespace}/{Name} refused: {Message}")]
        public static partial void Conflict(ILogger logger, string kind, string @namespace, string name, string message);

        [LoggerMessage(2, LogLevel.Debug, "Recorded {Type} event {Reason} about {Kind} {Namespace}/{Name}")]
        public static partial void EventRecorded(ILogger logger, string type, string reason, string kind, string @namespace, string name);
    }
}
