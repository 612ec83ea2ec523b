using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Standalone;

/// <summary>
/// The API server of standalone mode and of tests: resourceVersions, generations, finalizers, owner cascades,
/// Events and resumable watches, with the semantics grains and informers rely on in Kubernetes.
/// </summary>
/// <remarks>
/// Stored objects are never mutated once stored; every change stores a fresh copy. That lets readers clone
/// outside the lock and lets the watch history share instances with the store.
/// </remarks>
public sealed class InMemoryResourceStore : IResourceStore, IResourceWatchSource
{
    public const string DefaultNamespace = "default";

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> s_statusProperties = new();

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly InMemoryResourceStoreOptions _options;
    private readonly Dictionary<KubeKind, Dictionary<ObjectName, Entry>> _objects = [];
    private readonly Dictionary<string, HashSet<ObjectId>> _dependentsByOwnerUid = new(StringComparer.Ordinal);
    private readonly HashSet<string> _storedUids = new(StringComparer.Ordinal);
    private readonly Dictionary<EventIdentity, ObjectName> _eventsByIdentity = [];
    private readonly Queue<ObjectName> _eventsInCreationOrder = new();
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private long _resourceVersion;
    private long _historyFloor;

    public InMemoryResourceStore(TimeProvider? timeProvider = null, InMemoryResourceStoreOptions? options = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new InMemoryResourceStoreOptions();
    }

    /// <summary>The resourceVersion of the latest change.</summary>
    public string CurrentResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return Format(_resourceVersion);
            }
        }
    }

    /// <summary>Open watch streams.</summary>
    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    public Task<T?> GetAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = new ObjectId(KubeKind.Of<T>(), new ObjectName(Normalize(@namespace), name));
        KubeObject? found;
        lock (_lock)
        {
            found = TryGet(id)?.Object;
        }

        return Task.FromResult(found is null ? null : (T)ModelJson.CloneObject(found));
    }

    public Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var matches = Snapshot(KubeKind.Of<T>(), @namespace, out _)
            .Where(o => labels is null || labels.All(l => o.Metadata.Label(l.Key) == l.Value))
            .Select(o => (T)ModelJson.CloneObject(o))
            .ToList();
        return Task.FromResult<IReadOnlyList<T>>(matches);
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KubeKind.Of(obj.GetType());
        var candidate = ModelJson.CloneObject(obj);
        KubeKind.Stamp(candidate);
        var meta = candidate.Metadata;
        meta.Namespace = Normalize(meta.Namespace);
        if (string.IsNullOrEmpty(meta.Name))
        {
            meta.Name = string.IsNullOrEmpty(meta.GenerateName)
                ? throw new ArgumentException("metadata.name or metadata.generateName is required", nameof(obj))
                : meta.GenerateName + RandomSuffix();
        }

        if (kind.HasStatus)
        {
            // The status subresource ignores status on create, as the API server does.
            SetStatus(candidate, null);
        }

        var spec = SpecOf(candidate);
        lock (_lock)
        {
            var id = new ObjectId(kind, new ObjectName(meta.Namespace, meta.Name));
            if (TryGet(id) is not null)
            {
                throw new ResourceConflictException($"{kind.Kind} {id.Name} already exists");
            }

            meta.Uid = Guid.NewGuid().ToString();
            meta.CreationTimestamp = _time.GetUtcNow();
            meta.DeletionTimestamp = null;
            meta.Generation = 1;
            Store(id, candidate, spec, previous: null, WatchEventType.Added);

            // The garbage collector's other half: a dependent whose owners are all gone goes too, even one created
            // after they went (a controller acting on a stale copy of a just-deleted owner creates exactly that).
            if (meta.OwnerReferences is { Count: > 0 } owners && owners.All(o => o.Uid.Length > 0 && !_storedUids.Contains(o.Uid)))
            {
                Delete(id);
            }
        }

        return Task.FromResult((T)ModelJson.CloneObject(candidate));
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KubeKind.Of(obj.GetType());
        var candidate = ModelJson.CloneObject(obj);
        KubeKind.Stamp(candidate);
        var spec = SpecOf(candidate);
        KubeObject result;
        lock (_lock)
        {
            var (id, current) = CurrentFor(kind, obj);
            var meta = candidate.Metadata;
            var was = current.Object.Metadata;
            meta.Name = was.Name;
            meta.Namespace = was.Namespace;
            meta.Uid = was.Uid;
            meta.CreationTimestamp = was.CreationTimestamp;
            meta.DeletionTimestamp = was.DeletionTimestamp;
            meta.ResourceVersion = was.ResourceVersion;
            meta.Generation = JsonNode.DeepEquals(spec, current.Spec) ? was.Generation : was.Generation + 1;
            if (kind.HasStatus)
            {
                SetStatus(candidate, GetStatus(current.Object));
            }

            if (was.DeletionTimestamp is not null && (meta.Finalizers is null || meta.Finalizers.Count == 0))
            {
                Remove(id, candidate);
                result = candidate;
            }
            else
            {
                result = StoreUnlessUnchanged(id, candidate, spec, current);
            }
        }

        return Task.FromResult((T)ModelJson.CloneObject(result));
    }

    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KubeKind.Of(obj.GetType());
        var status = GetStatus(ModelJson.CloneObject(obj));
        KubeObject result;
        lock (_lock)
        {
            var (id, current) = CurrentFor(kind, obj);
            var candidate = ModelJson.CloneObject(current.Object);
            SetStatus(candidate, status);
            result = StoreUnlessUnchanged(id, candidate, current.Spec, current);
        }

        return Task.FromResult((T)ModelJson.CloneObject(result));
    }

    public Task DeleteAsync<T>(string @namespace, string name, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = new ObjectId(KubeKind.Of<T>(), new ObjectName(Normalize(@namespace), name));
        lock (_lock)
        {
            Delete(id);
        }

        return Task.CompletedTask;
    }

    public Task RecordEventAsync(KubeObject about, string type, string reason, string message, string? action = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KubeKind.Of<KubeEvent>();
        var @namespace = Normalize(about.Metadata.Namespace);
        var involved = ObjectReference.To(about);
        involved.Namespace = @namespace;
        var identity = new EventIdentity(about.Metadata.Uid ?? $"{about.Kind}/{@namespace}/{about.Name}", type, reason, message);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_eventsByIdentity.TryGetValue(identity, out var existingName)
                && TryGet(new ObjectId(kind, existingName)) is { } existing)
            {
                var repeated = (KubeEvent)ModelJson.CloneObject(existing.Object);
                repeated.Count++;
                repeated.LastTimestamp = now;
                repeated.Action = action ?? repeated.Action;
                Store(new ObjectId(kind, existingName), repeated, existing.Spec, existing, WatchEventType.Modified);
                return Task.CompletedTask;
            }

            var name = new ObjectName(@namespace, $"{about.Name}.{Random.Shared.NextInt64():x16}");
            var recorded = KubeKind.Stamp(new KubeEvent
            {
                Metadata = new ObjectMeta
                {
                    Name = name.Name,
                    Namespace = @namespace,
                    Uid = Guid.NewGuid().ToString(),
                    CreationTimestamp = now,
                    Generation = 1,
                },
                InvolvedObject = involved,
                Type = type,
                Reason = reason,
                Message = message,
                Action = action,
                Count = 1,
                FirstTimestamp = now,
                LastTimestamp = now,
                Source = new EventSource { Component = WellKnown.FieldManager },
                ReportingComponent = WellKnown.FieldManager,
            });
            Store(new ObjectId(kind, name), recorded, SpecOf(recorded), previous: null, WatchEventType.Added);
            _eventsByIdentity[identity] = name;
            _eventsInCreationOrder.Enqueue(name);
            while (_eventsInCreationOrder.Count > _options.MaxEvents)
            {
                var oldest = _eventsInCreationOrder.Dequeue();
                if (TryGet(new ObjectId(kind, oldest)) is { } expired)
                {
                    Remove(new ObjectId(kind, oldest), expired.Object);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The recorded Events, oldest first; only those about <paramref name="about"/> when given.</summary>
    public IReadOnlyList<KubeEvent> Events(KubeObject? about = null)
    {
        var kind = KubeKind.Of<KubeEvent>();
        List<KubeObject> events;
        lock (_lock)
        {
            events = _eventsInCreationOrder
                .Select(name => TryGet(new ObjectId(kind, name))?.Object)
                .OfType<KubeObject>()
                .ToList();
        }

        return events
            .Cast<KubeEvent>()
            .Where(e => about is null || IsAbout(e, about))
            .Select(e => (KubeEvent)ModelJson.CloneObject(e))
            .ToList();
    }

    public Task<ResourceList> ListAsync(KubeKind kind, string? @namespace, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = Snapshot(kind, @namespace, out var resourceVersion).Select(ModelJson.CloneObject).ToList();
        return Task.FromResult(new ResourceList(items, resourceVersion));
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(KubeKind kind, string? @namespace, string fromResourceVersion, CancellationToken cancellationToken) =>
        WatchCoreAsync(kind, @namespace, fromResourceVersion, cancellationToken);

    /// <summary>Ends every open watch stream, as an API server does when a watch times out or restarts.</summary>
    public void DisconnectWatchers()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Channel.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(
        KubeKind kind, string? @namespace, string fromResourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watcher = Subscribe(kind, @namespace is null ? null : Normalize(@namespace), fromResourceVersion);
        try
        {
            await foreach (var change in watcher.Channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change.Object is null ? change : change with { Object = ModelJson.CloneObject(change.Object) };
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }

            watcher.Channel.Writer.TryComplete();
        }
    }

    private Watcher Subscribe(KubeKind kind, string? @namespace, string fromResourceVersion)
    {
        var startAtAny = string.IsNullOrEmpty(fromResourceVersion) || fromResourceVersion == "0";
        var from = startAtAny ? 0 : Parse(fromResourceVersion);
        // Unbounded: a slow watcher must never hold up a writer.
        var watcher = new Watcher(kind, @namespace, Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true }));
        lock (_lock)
        {
            if (startAtAny)
            {
                // Kubernetes semantics for "0" or unset: the current state as ADDED events, then the changes.
                foreach (var entry in Bucket(kind).Values.Where(e => watcher.Matches(e.Object)))
                {
                    watcher.Channel.Writer.TryWrite(new WatchEvent(WatchEventType.Added, entry.Object, entry.Object.Metadata.ResourceVersion!));
                }
            }
            else
            {
                if (from < _historyFloor)
                {
                    throw new ResourceExpiredException(
                        $"too old resource version: {from} ({_historyFloor})");
                }

                foreach (var change in _history.Where(c => Parse(c.ResourceVersion) > from && watcher.Matches(c.Object!)))
                {
                    watcher.Channel.Writer.TryWrite(change);
                }
            }

            watcher.LastSent = _resourceVersion;
            _watchers.Add(watcher);
        }

        return watcher;
    }

    private List<KubeObject> Snapshot(KubeKind kind, string? @namespace, out string resourceVersion)
    {
        var normalized = @namespace is null ? null : Normalize(@namespace);
        lock (_lock)
        {
            resourceVersion = Format(_resourceVersion);
            return Bucket(kind).Values
                .Select(e => e.Object)
                .Where(o => normalized is null || o.Metadata.Namespace == normalized)
                .OrderBy(o => o.Metadata.Namespace, StringComparer.Ordinal)
                .ThenBy(o => o.Metadata.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    private (ObjectId Id, Entry Current) CurrentFor(KubeKind kind, KubeObject incoming)
    {
        var id = new ObjectId(kind, new ObjectName(Normalize(incoming.Metadata.Namespace), incoming.Metadata.Name));
        var current = TryGet(id) ?? throw new ResourceNotFoundException($"{kind.Kind} {id.Name} not found");
        var expected = incoming.Metadata.ResourceVersion;
        if (!string.IsNullOrEmpty(expected) && expected != current.Object.Metadata.ResourceVersion)
        {
            throw new ResourceConflictException(
                $"{kind.Kind} {id.Name} was modified: resourceVersion {expected} is stale, current is {current.Object.Metadata.ResourceVersion}");
        }

        return (id, current);
    }

    private KubeObject StoreUnlessUnchanged(ObjectId id, KubeObject candidate, JsonNode spec, Entry current)
    {
        // A write that changes nothing is a no-op on the API server: no new resourceVersion, no watch event.
        if (JsonNode.DeepEquals(ToNode(candidate), ToNode(current.Object)))
        {
            return current.Object;
        }

        Store(id, candidate, spec, current, WatchEventType.Modified);
        return candidate;
    }

    private void Store(ObjectId id, KubeObject obj, JsonNode spec, Entry? previous, WatchEventType type)
    {
        obj.Metadata.ResourceVersion = Format(++_resourceVersion);
        if (previous is not null)
        {
            Unindex(id, previous.Object);
        }

        Bucket(id.Kind)[id.Name] = new Entry(obj, spec);
        if (obj.Metadata.Uid is { } uid)
        {
            _storedUids.Add(uid);
        }

        Index(id, obj);
        Publish(new WatchEvent(type, obj, obj.Metadata.ResourceVersion));
    }

    private void Delete(ObjectId id)
    {
        if (TryGet(id) is not { } entry)
        {
            return;
        }

        if (entry.Object.Metadata.Finalizers is { Count: > 0 })
        {
            if (entry.Object.Metadata.DeletionTimestamp is null)
            {
                var marked = ModelJson.CloneObject(entry.Object);
                marked.Metadata.DeletionTimestamp = _time.GetUtcNow();
                Store(id, marked, entry.Spec, entry, WatchEventType.Modified);
            }

            return;
        }

        Remove(id, entry.Object);
    }

    private void Remove(ObjectId id, KubeObject last)
    {
        var removed = TryGet(id);
        Bucket(id.Kind).Remove(id.Name);
        if (removed is not null)
        {
            Unindex(id, removed.Object);
            if (removed.Object.Metadata.Uid is { } removedUid)
            {
                _storedUids.Remove(removedUid);
            }
        }

        var final = ModelJson.CloneObject(last);
        final.Metadata.ResourceVersion = Format(++_resourceVersion);
        Publish(new WatchEvent(WatchEventType.Deleted, final, final.Metadata.ResourceVersion));

        // Garbage collection: dependents go the same way, finalizers permitting.
        if (last.Metadata.Uid is { } uid && _dependentsByOwnerUid.Remove(uid, out var dependents))
        {
            foreach (var dependent in dependents.OrderBy(d => d.Kind.Kind, StringComparer.Ordinal).ThenBy(d => d.Name.Name, StringComparer.Ordinal))
            {
                Delete(dependent);
            }
        }
    }

    private void Index(ObjectId id, KubeObject obj)
    {
        foreach (var owner in obj.Metadata.OwnerReferences ?? [])
        {
            if (owner.Uid.Length == 0)
            {
                continue;
            }

            if (!_dependentsByOwnerUid.TryGetValue(owner.Uid, out var dependents))
            {
                _dependentsByOwnerUid[owner.Uid] = dependents = [];
            }

            dependents.Add(id);
        }
    }

    private void Unindex(ObjectId id, KubeObject obj)
    {
        foreach (var owner in obj.Metadata.OwnerReferences ?? [])
        {
            if (_dependentsByOwnerUid.TryGetValue(owner.Uid, out var dependents) && dependents.Remove(id) && dependents.Count == 0)
            {
                _dependentsByOwnerUid.Remove(owner.Uid);
            }
        }
    }

    private void Publish(WatchEvent change)
    {
        _history.Enqueue(change);
        while (_history.Count > _options.WatchHistorySize)
        {
            _historyFloor = Parse(_history.Dequeue().ResourceVersion);
        }

        foreach (var watcher in _watchers)
        {
            if (watcher.Matches(change.Object!))
            {
                watcher.Channel.Writer.TryWrite(change);
                watcher.LastSent = _resourceVersion;
            }
            else if (_resourceVersion - watcher.LastSent >= _options.BookmarkInterval)
            {
                watcher.Channel.Writer.TryWrite(new WatchEvent(WatchEventType.Bookmark, null, change.ResourceVersion));
                watcher.LastSent = _resourceVersion;
            }
        }
    }

    private Dictionary<ObjectName, Entry> Bucket(KubeKind kind)
    {
        if (!_objects.TryGetValue(kind, out var bucket))
        {
            _objects[kind] = bucket = [];
        }

        return bucket;
    }

    private Entry? TryGet(ObjectId id) => Bucket(id.Kind).GetValueOrDefault(id.Name);

    private static bool IsAbout(KubeEvent e, KubeObject about) =>
        about.Metadata.Uid is { } uid
            ? e.InvolvedObject.Uid == uid
            : e.InvolvedObject.Kind == about.Kind && e.InvolvedObject.Name == about.Name
              && e.InvolvedObject.Namespace == Normalize(about.Metadata.Namespace);

    /// <summary>What a generation counts: every root field but the envelope and status (for Host, its root fields).</summary>
    private static JsonObject SpecOf(KubeObject obj)
    {
        var node = ToNode(obj);
        node.Remove("metadata");
        node.Remove("status");
        node.Remove("apiVersion");
        node.Remove("kind");
        return node;
    }

    private static JsonObject ToNode(KubeObject obj) =>
        JsonSerializer.SerializeToNode(obj, obj.GetType(), ModelJson.Options)!.AsObject();

    private static PropertyInfo? StatusProperty(Type type) =>
        s_statusProperties.GetOrAdd(type, t => t.GetProperty("Status", BindingFlags.Public | BindingFlags.Instance));

    private static object? GetStatus(KubeObject obj) =>
        (StatusProperty(obj.GetType()) ?? throw new InvalidOperationException($"{obj.Kind} has no status")).GetValue(obj);

    private static void SetStatus(KubeObject obj, object? status) => StatusProperty(obj.GetType())?.SetValue(obj, status);

    private static string Normalize(string? @namespace) => string.IsNullOrEmpty(@namespace) ? DefaultNamespace : @namespace;

    private static string Format(long resourceVersion) => resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long Parse(string resourceVersion) =>
        long.TryParse(resourceVersion, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"resourceVersion '{resourceVersion}' is not a number", nameof(resourceVersion));

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            }
        });
    }

    private readonly record struct ObjectName(string Namespace, string Name)
    {
        public override string ToString() => $"{Namespace}/{Name}";
    }

    private readonly record struct ObjectId(KubeKind Kind, ObjectName Name);

    private readonly record struct EventIdentity(string InvolvedUid, string Type, string Reason, string Message);

    private sealed record Entry(KubeObject Object, JsonNode Spec);

    private sealed class Watcher(KubeKind kind, string? @namespace, Channel<WatchEvent> channel)
    {
        public Channel<WatchEvent> Channel { get; } = channel;

        public long LastSent { get; set; }

        public bool Matches(KubeObject obj) =>
            KubeKind.Of(obj.GetType()) == kind && (@namespace is null || obj.Metadata.Namespace == @namespace);
    }
}
