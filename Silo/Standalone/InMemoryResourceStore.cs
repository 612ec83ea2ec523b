using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Reconciliation;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Standalone;

/// <summary>
/// The API server of standalone mode and of tests: resourceVersions, generations, finalizers, owner cascades,
/// Events and resumable watches, with the semantics grains and informers rely on in Kubernetes.
/// </summary>
/// <remarks>
/// Every stored object is kept twice: as an instance the store reads (labels, owners, finalizers) and as its JSON,
/// serialized once when written. Neither is ever mutated once stored, so readers get their private copy by
/// deserializing the JSON outside the lock, and the watch history shares entries with the store. Writes do their
/// serializing and comparing outside the lock too, then commit only if the object has not changed meanwhile. The
/// lock orders writes (resourceVersions, history, watchers) and makes lists consistent with their resourceVersion;
/// single reads take no lock at all. So thousands of grains reading and writing at once do not queue behind it.
/// </remarks>
public sealed class InMemoryResourceStore : IResourceStore, IResourceWatchSource, IFilteringResourceStore
{
    public const string DefaultNamespace = "default";

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> s_statusProperties = new();
    private static readonly ConcurrentDictionary<Type, JsonTypeInfo> s_typeInfos = new();

    // The stored instances share every unchanged part with their predecessor, which is safe because none is ever
    // mutated; a shallow copy is all a status write or a deletion mark needs.
    private static readonly Func<object, object> s_shallowCopy = (Func<object, object>)Delegate.CreateDelegate(
        typeof(Func<object, object>), typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly InMemoryResourceStoreOptions _options;

    // kind → namespace → name → entry: a namespace's objects are listed without touching the others. Changed only
    // under the lock; concurrent so that single reads need none.
    private readonly ConcurrentDictionary<KubeKind, ConcurrentDictionary<string, ConcurrentDictionary<string, Entry>>> _objects = new();
    private readonly Dictionary<string, HashSet<ObjectId>> _dependentsByOwnerUid = new(StringComparer.Ordinal);
    private readonly HashSet<string> _storedUids = new(StringComparer.Ordinal);
    private readonly Dictionary<EventIdentity, ObjectName> _eventsByIdentity = [];
    private readonly Queue<(ObjectName Name, EventIdentity Identity)> _eventsInCreationOrder = new();
    private readonly Queue<Change> _history = new();
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
        var found = TryGet(new ObjectId(KubeKind.Of<T>(), new ObjectName(Normalize(@namespace), name)));
        return Task.FromResult(found is null ? null : (T)Materialize(found));
    }

    public Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        Func<KubeObject, bool>? filter = labels is null or { Count: 0 } ? null : o => labels.All(l => o.Metadata.Label(l.Key) == l.Value);
        var matches = Snapshot(KubeKind.Of<T>(), @namespace, filter, out _, atVersion: false).Select(e => (T)Materialize(e)).ToList();
        return Task.FromResult<IReadOnlyList<T>>(matches);
    }

    public Task<IReadOnlyList<T>> ListAsync<T>(string? @namespace, Func<T, bool> filter, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var matches = Snapshot(KubeKind.Of<T>(), @namespace, o => filter((T)o), out _, atVersion: false).Select(e => (T)Materialize(e)).ToList();
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

        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = _time.GetUtcNow();
        meta.DeletionTimestamp = null;
        meta.Generation = 1;
        meta.ResourceVersion = null;
        var json = Serialize(candidate);
        var id = new ObjectId(kind, new ObjectName(meta.Namespace, meta.Name));
        Entry stored;
        lock (_lock)
        {
            if (TryGet(id) is not null)
            {
                throw new ResourceConflictException($"{kind.Kind} {id.Name} already exists");
            }

            stored = Store(id, candidate, json, previous: null, WatchEventType.Added);

            // The garbage collector's other half: a dependent whose owners are all gone goes too, even one created
            // after they went (a controller acting on a stale copy of a just-deleted owner creates exactly that).
            if (meta.OwnerReferences is { Count: > 0 } owners && owners.All(o => o.Uid.Length > 0 && !_storedUids.Contains(o.Uid)))
            {
                Delete(id);
            }
        }

        return Task.FromResult((T)Materialize(stored));
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KubeKind.Of(obj.GetType());
        var id = IdOf(kind, obj);
        var expectedVersion = obj.Metadata.ResourceVersion;
        var candidate = ModelJson.CloneObject(obj);
        KubeKind.Stamp(candidate);
        while (true)
        {
            // Read without the lock: the commit below checks that this is still the current version.
            var current = CurrentFor(id, expectedVersion);

            var meta = candidate.Metadata;
            var was = current.Object.Metadata;
            meta.Name = was.Name;
            meta.Namespace = was.Namespace;
            meta.Uid = was.Uid;
            meta.CreationTimestamp = was.CreationTimestamp;
            meta.DeletionTimestamp = was.DeletionTimestamp;
            meta.ResourceVersion = null;
            meta.Generation = was.Generation;
            if (kind.HasStatus)
            {
                SetStatus(candidate, GetStatus(current.Object));
            }

            var json = Serialize(candidate);
            var (same, sameSpec) = Compare(json, current.Json);
            if (!sameSpec)
            {
                meta.Generation = was.Generation + 1;
                json = Serialize(candidate);
            }

            var released = was.DeletionTimestamp is not null && (meta.Finalizers is null || meta.Finalizers.Count == 0);
            Entry result;
            lock (_lock)
            {
                if (!ReferenceEquals(TryGet(id), current))
                {
                    // Written meanwhile: a versioned write now conflicts, an unversioned one applies to the new state.
                    continue;
                }

                if (released)
                {
                    // The last finalizer is gone from an object being deleted: it goes now, at the version it had.
                    meta.ResourceVersion = was.ResourceVersion;
                    Remove(id, candidate, json);
                    result = new Entry(candidate, json, current.Version, kind);
                }
                else
                {
                    // A write that changes nothing is a no-op on the API server: no new resourceVersion, no watch event.
                    result = same ? current : Store(id, candidate, json, current, WatchEventType.Modified);
                }
            }

            return Task.FromResult((T)Materialize(result));
        }
    }

    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellationToken = default) where T : KubeObject
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KubeKind.Of(obj.GetType());
        var id = IdOf(kind, obj);
        var expectedVersion = obj.Metadata.ResourceVersion;
        var status = CopyStatus(obj);
        while (true)
        {
            // Read without the lock: the commit below checks that this is still the current version.
            var current = CurrentFor(id, expectedVersion);

            var candidate = ShallowCopy(current.Object);
            candidate.Metadata.ResourceVersion = null;
            SetStatus(candidate, status);
            var json = Serialize(candidate);
            var (same, _) = Compare(json, current.Json);
            Entry result;
            lock (_lock)
            {
                if (!ReferenceEquals(TryGet(id), current))
                {
                    continue;
                }

                result = same ? current : Store(id, candidate, json, current, WatchEventType.Modified);
            }

            return Task.FromResult((T)Materialize(result));
        }
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
        var identity = new EventIdentity(about.Metadata.Uid ?? $"{about.Kind}/{@namespace}/{about.Name}", type, reason, message);
        var now = _time.GetUtcNow();

        // Most events are new (their identity includes the message); prepared outside the lock in case this one is.
        var name = new ObjectName(@namespace, $"{about.Name}.{Random.Shared.NextInt64():x16}");
        var metadata = new ObjectMeta
        {
            Name = name.Name,
            Namespace = @namespace,
            Uid = Guid.NewGuid().ToString(),
            CreationTimestamp = now,
            Generation = 1,
        };
        var recorded = KubeEvent.First(about, metadata, type, reason, message, action, now);
        var json = Serialize(recorded);
        lock (_lock)
        {
            if (_eventsByIdentity.TryGetValue(identity, out var existingName)
                && TryGet(new ObjectId(kind, existingName)) is { } existing)
            {
                var repeated = (KubeEvent)ShallowCopy(existing.Object);
                repeated.Metadata.ResourceVersion = null;
                repeated.Count++;
                repeated.LastTimestamp = now;
                repeated.Action = action ?? repeated.Action;
                Store(new ObjectId(kind, existingName), repeated, Serialize(repeated), existing, WatchEventType.Modified);
                return Task.CompletedTask;
            }

            Store(new ObjectId(kind, name), recorded, json, previous: null, WatchEventType.Added);
            _eventsByIdentity[identity] = name;
            _eventsInCreationOrder.Enqueue((name, identity));
            while (_eventsInCreationOrder.Count > _options.MaxEvents)
            {
                var (oldestName, oldestIdentity) = _eventsInCreationOrder.Dequeue();
                var oldest = new ObjectId(kind, oldestName);
                if (TryGet(oldest) is { } expired)
                {
                    Remove(oldest, expired.Object, expired.Json);
                }

                // Forget the identity with its event, or the map would grow with every distinct message ever seen.
                if (_eventsByIdentity.TryGetValue(oldestIdentity, out var current) && current == oldestName)
                {
                    _eventsByIdentity.Remove(oldestIdentity);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The recorded Events, oldest first; only those about <paramref name="about"/> when given.</summary>
    public IReadOnlyList<KubeEvent> Events(KubeObject? about = null)
    {
        var kind = KubeKind.Of<KubeEvent>();
        List<Entry> events;
        lock (_lock)
        {
            events = _eventsInCreationOrder
                .Select(e => TryGet(new ObjectId(kind, e.Name)))
                .OfType<Entry>()
                .ToList();
        }

        return events
            .Where(e => about is null || IsAbout((KubeEvent)e.Object, about))
            .Select(e => (KubeEvent)Materialize(e))
            .ToList();
    }

    public Task<ResourceList> ListAsync(KubeKind kind, string? @namespace, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = Snapshot(kind, @namespace, filter: null, out var resourceVersion, atVersion: true).Select(Materialize).ToList();
        return Task.FromResult(new ResourceList(items, resourceVersion!));
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
                yield return new WatchEvent(change.Type, change.Entry is null ? null : Materialize(change.Entry), Format(change.Version));
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
        var watcher = new Watcher(kind, @namespace, Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true }));
        lock (_lock)
        {
            if (startAtAny)
            {
                // Kubernetes semantics for "0" or unset: the current state as ADDED events, then the changes. In the
                // order they were written, so a replay reads like the history it stands for.
                foreach (var entry in Entries(kind, @namespace).OrderBy(e => e.Version))
                {
                    watcher.Channel.Writer.TryWrite(new Change(WatchEventType.Added, entry, entry.Version));
                }
            }
            else
            {
                if (from < _historyFloor)
                {
                    throw new ResourceExpiredException(
                        $"too old resource version: {from} ({_historyFloor})");
                }

                foreach (var change in _history.Where(c => c.Version > from && watcher.Matches(c.Entry!)))
                {
                    watcher.Channel.Writer.TryWrite(change);
                }
            }

            watcher.LastSent = _resourceVersion;
            _watchers.Add(watcher);
        }

        return watcher;
    }

    /// <summary>
    /// The entries of a kind (in a namespace, matching a filter) in (namespace, name) order, filtered and sorted
    /// before anyone pays for a copy. A list with a resourceVersion (what an informer watches from) is taken under the
    /// lock, so it is exactly the state at that version. A grain's list is not: it walks the maps while writes go on,
    /// which gives everything committed before the call and maybe some of what commits during it, as a list that
    /// merely reached the API server a moment earlier or later would; the changes it races reach grains as events.
    /// </summary>
    private List<Entry> Snapshot(KubeKind kind, string? @namespace, Func<KubeObject, bool>? filter, out string? resourceVersion, bool atVersion)
    {
        var normalized = @namespace is null ? null : Normalize(@namespace);
        List<Entry> entries;
        if (atVersion)
        {
            lock (_lock)
            {
                resourceVersion = Format(_resourceVersion);
                entries = [.. Entries(kind, normalized)];
            }

            if (filter is not null)
            {
                entries.RemoveAll(e => !filter(e.Object));
            }
        }
        else
        {
            resourceVersion = null;
            entries = filter is null ? [.. Entries(kind, normalized)] : [.. Entries(kind, normalized).Where(e => filter(e.Object))];
        }

        entries.Sort(static (a, b) =>
        {
            var byNamespace = string.CompareOrdinal(a.Object.Metadata.Namespace, b.Object.Metadata.Namespace);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Object.Metadata.Name, b.Object.Metadata.Name);
        });
        return entries;
    }

    /// <summary>Walks the maps without locking them (ConcurrentDictionary.Values would take every bucket lock).</summary>
    private IEnumerable<Entry> Entries(KubeKind kind, string? @namespace)
    {
        if (!_objects.TryGetValue(kind, out var byNamespace))
        {
            return [];
        }

        if (@namespace is not null)
        {
            return byNamespace.TryGetValue(@namespace, out var objects) ? objects.Select(p => p.Value) : [];
        }

        return byNamespace.SelectMany(objects => objects.Value.Select(p => p.Value));
    }

    private Entry CurrentFor(ObjectId id, string? expectedVersion)
    {
        var current = TryGet(id) ?? throw new ResourceNotFoundException($"{id.Kind.Kind} {id.Name} not found");
        if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != current.Object.Metadata.ResourceVersion)
        {
            throw new ResourceConflictException(
                $"{id.Kind.Kind} {id.Name} was modified: resourceVersion {expectedVersion} is stale, current is {current.Object.Metadata.ResourceVersion}");
        }

        return current;
    }

    /// <summary>Stores a new version; <paramref name="obj"/> becomes the store's own and must not be touched after.</summary>
    private Entry Store(ObjectId id, KubeObject obj, byte[] json, Entry? previous, WatchEventType type)
    {
        var version = ++_resourceVersion;
        obj.Metadata.ResourceVersion = Format(version);
        var entry = new Entry(obj, json, version, id.Kind);
        if (previous is not null)
        {
            Unindex(id, previous.Object);
        }

        Namespace(id.Kind, id.Name.Namespace)[id.Name.Name] = entry;
        if (obj.Metadata.Uid is { } uid)
        {
            _storedUids.Add(uid);
        }

        Index(id, obj);
        Publish(new Change(type, entry, version));
        return entry;
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
                var marked = ShallowCopy(entry.Object);
                marked.Metadata.ResourceVersion = null;
                marked.Metadata.DeletionTimestamp = _time.GetUtcNow();
                Store(id, marked, Serialize(marked), entry, WatchEventType.Modified);
            }

            return;
        }

        Remove(id, entry.Object, entry.Json);
    }

    private void Remove(ObjectId id, KubeObject last, byte[] json)
    {
        if (_objects.TryGetValue(id.Kind, out var byNamespace)
            && byNamespace.TryGetValue(id.Name.Namespace, out var objects)
            && objects.TryRemove(id.Name.Name, out var removed))
        {
            // Empty namespaces stay: readers may hold their map, and there are few of them.
            Unindex(id, removed.Object);
            if (removed.Object.Metadata.Uid is { } removedUid)
            {
                _storedUids.Remove(removedUid);
            }
        }

        var final = ShallowCopy(last);
        var version = ++_resourceVersion;
        final.Metadata.ResourceVersion = Format(version);
        Publish(new Change(WatchEventType.Deleted, new Entry(final, json, version, id.Kind), version));

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

    private void Publish(Change change)
    {
        _history.Enqueue(change);
        while (_history.Count > _options.WatchHistorySize)
        {
            _historyFloor = _history.Dequeue().Version;
        }

        foreach (var watcher in _watchers)
        {
            if (watcher.Matches(change.Entry!))
            {
                watcher.Channel.Writer.TryWrite(change);
                watcher.LastSent = _resourceVersion;
            }
            else if (_resourceVersion - watcher.LastSent >= _options.BookmarkInterval)
            {
                watcher.Channel.Writer.TryWrite(new Change(WatchEventType.Bookmark, null, change.Version));
                watcher.LastSent = _resourceVersion;
            }
        }
    }

    private ConcurrentDictionary<string, Entry> Namespace(KubeKind kind, string @namespace) =>
        _objects.GetOrAdd(kind, static _ => new(StringComparer.Ordinal)).GetOrAdd(@namespace, static _ => new(StringComparer.Ordinal));

    private Entry? TryGet(ObjectId id) =>
        _objects.TryGetValue(id.Kind, out var byNamespace) && byNamespace.TryGetValue(id.Name.Namespace, out var objects)
            ? objects.GetValueOrDefault(id.Name.Name)
            : null;

    private static ObjectId IdOf(KubeKind kind, KubeObject obj) =>
        new(kind, new ObjectName(Normalize(obj.Metadata.Namespace), obj.Metadata.Name));

    private static bool IsAbout(KubeEvent e, KubeObject about) =>
        about.Metadata.Uid is { } uid
            ? e.InvolvedObject.Uid == uid
            : e.InvolvedObject.Kind == about.Kind && e.InvolvedObject.Name == about.Name
              && e.InvolvedObject.Namespace == Normalize(about.Metadata.Namespace);

    /// <summary>A caller's private copy of a stored version.</summary>
    private static KubeObject Materialize(Entry entry)
    {
        var copy = (KubeObject)JsonSerializer.Deserialize(entry.Json, TypeInfo(entry.Object.GetType()))!;
        copy.Metadata.ResourceVersion = entry.Object.Metadata.ResourceVersion;
        return copy;
    }

    /// <summary>The JSON a version is kept as; without its resourceVersion, which is only known once committed.</summary>
    private static byte[] Serialize(KubeObject obj)
    {
        var version = obj.Metadata.ResourceVersion;
        obj.Metadata.ResourceVersion = null;
        var json = JsonSerializer.SerializeToUtf8Bytes(obj, TypeInfo(obj.GetType()));
        obj.Metadata.ResourceVersion = version;
        return json;
    }

    /// <summary>
    /// Whether two versions are the same object, and whether their specs are the same (every root field but the
    /// envelope and status; for Host, its root fields), which is what a generation counts.
    /// </summary>
    private static (bool Same, bool SameSpec) Compare(byte[] a, byte[] b)
    {
        if (a.AsSpan().SequenceEqual(b))
        {
            return (true, true);
        }

        using var x = JsonDocument.Parse(a);
        using var y = JsonDocument.Parse(b);
        if (JsonElement.DeepEquals(x.RootElement, y.RootElement))
        {
            return (true, true);
        }

        var specFields = 0;
        foreach (var field in x.RootElement.EnumerateObject())
        {
            if (IsEnvelope(field.Name))
            {
                continue;
            }

            specFields++;
            if (!y.RootElement.TryGetProperty(field.Name, out var other) || !JsonElement.DeepEquals(field.Value, other))
            {
                return (false, false);
            }
        }

        return (false, y.RootElement.EnumerateObject().Count(f => !IsEnvelope(f.Name)) == specFields);
    }

    private static bool IsEnvelope(string field) => field is "metadata" or "status" or "apiVersion" or "kind";

    private static JsonTypeInfo TypeInfo(Type type) => s_typeInfos.GetOrAdd(type, static t => ModelJson.Options.GetTypeInfo(t));

    /// <summary>A new top-level instance and metadata sharing everything else with <paramref name="obj"/>.</summary>
    private static KubeObject ShallowCopy(KubeObject obj)
    {
        var copy = (KubeObject)s_shallowCopy(obj);
        copy.Metadata = (ObjectMeta)s_shallowCopy(obj.Metadata);
        return copy;
    }

    private static PropertyInfo? StatusProperty(Type type) =>
        s_statusProperties.GetOrAdd(type, t => t.GetProperty("Status", BindingFlags.Public | BindingFlags.Instance));

    private static object? GetStatus(KubeObject obj) =>
        (StatusProperty(obj.GetType()) ?? throw new InvalidOperationException($"{obj.Kind} has no status")).GetValue(obj);

    /// <summary>A private copy of the caller's status, so later changes on their side cannot reach the store.</summary>
    private static object? CopyStatus(KubeObject obj)
    {
        var property = StatusProperty(obj.GetType()) ?? throw new InvalidOperationException($"{obj.Kind} has no status");
        var status = property.GetValue(obj);
        return status is null ? null : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(status, TypeInfo(property.PropertyType)), TypeInfo(property.PropertyType));
    }

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

    /// <summary>What makes two Events the same one, repeated. Hashed once, outside the lock, messages being long.</summary>
    private readonly struct EventIdentity : IEquatable<EventIdentity>
    {
        private readonly int _hash;

        public EventIdentity(string involvedUid, string type, string reason, string message)
        {
            InvolvedUid = involvedUid;
            Type = type;
            Reason = reason;
            Message = message;
            _hash = HashCode.Combine(
                StringComparer.Ordinal.GetHashCode(involvedUid), StringComparer.Ordinal.GetHashCode(type),
                StringComparer.Ordinal.GetHashCode(reason), StringComparer.Ordinal.GetHashCode(message));
        }

        public string InvolvedUid { get; }

        public string Type { get; }

        public string Reason { get; }

        public string Message { get; }

        public bool Equals(EventIdentity other) =>
            _hash == other._hash && InvolvedUid == other.InvolvedUid && Type == other.Type && Reason == other.Reason && Message == other.Message;

        public override bool Equals(object? obj) => obj is EventIdentity other && Equals(other);

        public override int GetHashCode() => _hash;
    }

    /// <summary>One stored version: the store's instance (its resourceVersion set), and its JSON without it.</summary>
    private sealed record Entry(KubeObject Object, byte[] Json, long Version, KubeKind Kind);

    /// <summary>A change as the history and the watch channels keep it; materialised per watcher when read.</summary>
    private sealed record Change(WatchEventType Type, Entry? Entry, long Version);

    private sealed class Watcher(KubeKind kind, string? @namespace, Channel<Change> channel)
    {
        public Channel<Change> Channel { get; } = channel;

        public long LastSent { get; set; }

        public bool Matches(Entry entry) =>
            entry.Kind == kind && (@namespace is null || entry.Object.Metadata.Namespace == @namespace);
    }
}
