using System.Globalization;
using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// The fake API server's storage, with the semantics controllers depend on: one monotonically increasing
/// resourceVersion, generation bumped by spec changes only, 409 on a stale resourceVersion, finalizers and
/// deletionTimestamp, garbage collection by ownerReference, watch history with 410 Gone past its start, bookmarks.
/// </summary>
/// <remarks>
/// Objects are <see cref="JsonObject"/>s per resource, namespace and name, so kinds nobody registered work too.
/// A stored object is never mutated; every change stores a fresh copy, so history and watchers can share it.
/// Garbage collection runs synchronously, inside the deleting request, where the real collector runs moments later.
/// </remarks>
public sealed class FakeApiServerStore
{
    public const string DefaultNamespace = "default";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, FakeApiServerResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<(string Namespace, string Name), JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Queue<Change> _history = new();
    private readonly List<FakeApiServerWatcher> _watchers = [];
    private long _resourceVersion;
    private long _historyFloor;

    public FakeApiServerStore(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        foreach (var resource in BuiltIns())
        {
            _resources[resource.Key] = resource;
        }
    }

    /// <summary>How many changes are kept for watches to resume from; older versions get 410 Gone.</summary>
    public int HistorySize { get; set; } = 10_000;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    public IReadOnlyList<FakeApiServerWatcher> Watchers
    {
        get
        {
            lock (_lock)
            {
                return [.. _watchers];
            }
        }
    }

    public void Register(FakeApiServerResource resource)
    {
        lock (_lock)
        {
            _resources[resource.Key] = resource;
        }
    }

    /// <summary>Serves what a CustomResourceDefinition declares: every served version, its schema and subresources.</summary>
    public IReadOnlyList<FakeApiServerResource> RegisterCrd(JsonObject crd)
    {
        var spec = crd["spec"]?.AsObject() ?? throw FakeApiServerException.BadRequest("a CustomResourceDefinition needs a spec");
        var group = spec["group"]!.GetValue<string>();
        var names = spec["names"]!.AsObject();
        var plural = names["plural"]!.GetValue<string>();
        var kind = names["kind"]!.GetValue<string>();
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        var registered = new List<FakeApiServerResource>();
        foreach (var version in spec["versions"]?.AsArray() ?? [])
        {
            if (version?["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var subresources = version!["subresources"];
            var scale = subresources?["scale"];
            var resource = new FakeApiServerResource(group, version["name"]!.GetValue<string>(), plural, kind, namespaced)
            {
                IsCustom = true,
                HasStatus = subresources?["status"] is not null,
                Scale = scale is null ? null : new FakeApiServerScale(
                    scale["specReplicasPath"]!.GetValue<string>(),
                    scale["statusReplicasPath"]!.GetValue<string>(),
                    scale["labelSelectorPath"]?.GetValue<string>()),
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
            };
            Register(resource);
            registered.Add(resource);
        }

        return registered;
    }

    /// <summary>The resource at <c>group/version/plural</c>; unknown ones are served schemaless, kind taken from the first object.</summary>
    public FakeApiServerResource Resource(string group, string version, string plural, bool namespaced, string? kind = null)
    {
        lock (_lock)
        {
            var key = $"{group}/{version}/{plural}";
            if (_resources.TryGetValue(key, out var known))
            {
                return known;
            }

            var guessed = new FakeApiServerResource(group, version, plural, kind ?? "", namespaced) { IsCustom = group.Contains('.', StringComparison.Ordinal), Known = false };
            if (!string.IsNullOrEmpty(kind))
            {
                _resources[key] = guessed;
            }

            return guessed;
        }
    }

    public JsonObject Get(FakeApiServerResource resource, string? @namespace, string name)
    {
        lock (_lock)
        {
            return Find(resource, @namespace, name) ?? throw FakeApiServerException.NotFound(resource, name);
        }
    }

    public JsonObject? TryGet(FakeApiServerResource resource, string? @namespace, string name)
    {
        lock (_lock)
        {
            return Find(resource, @namespace, name);
        }
    }

    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(FakeApiServerResource resource, string? @namespace, FakeApiServerSelector selector)
    {
        lock (_lock)
        {
            var items = Bucket(resource).Where(e => @namespace is null || e.Key.Namespace == @namespace).Select(e => e.Value).Where(selector.Matches).ToList();
            return (items, _resourceVersion);
        }
    }

    public JsonObject Create(FakeApiServerResource resource, string? @namespace, JsonObject body)
    {
        var candidate = (JsonObject)body.DeepClone();
        Stamp(resource, candidate);
        var meta = Metadata(candidate);
        var name = meta["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            var generateName = meta["generateName"]?.GetValue<string>();
            name = string.IsNullOrEmpty(generateName)
                ? throw FakeApiServerException.Invalid(resource, "", ["metadata.name: Required value: name or generateName is required"])
                : generateName + RandomSuffix();
            meta["name"] = name;
        }

        if (!string.IsNullOrEmpty(meta["resourceVersion"]?.GetValue<string>()))
        {
            throw FakeApiServerException.BadRequest("resourceVersion should not be set on objects to be created");
        }

        @namespace = PlaceNamespace(resource, @namespace, meta);
        if (resource.HasStatus)
        {
            candidate.Remove("status");
        }

        Validate(resource, name, candidate);
        lock (_lock)
        {
            if (Find(resource, @namespace, name) is not null)
            {
                throw FakeApiServerException.AlreadyExists(resource, name);
            }

            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Timestamp();
            meta["generation"] = 1L;
            meta.Remove("deletionTimestamp");
            meta.Remove("deletionGracePeriodSeconds");
            Commit(resource, @namespace, name, previous: null, candidate, "ADDED");
            var created = (JsonObject)candidate.DeepClone();
            CollectIfOrphaned(resource, candidate);
            return created;
        }
    }

    /// <summary>PUT: replaces the object (<paramref name="subresource"/> null) or only its status.</summary>
    public JsonObject Replace(FakeApiServerResource resource, string? @namespace, string name, JsonObject body, string? subresource)
    {
        lock (_lock)
        {
            var current = Find(resource, @namespace, name) ?? throw FakeApiServerException.NotFound(resource, name);
            return UpdateLocked(resource, current, body, subresource);
        }
    }

    /// <summary>PATCH: applies a merge or JSON patch to the object (or its status) and writes it as a PUT would.</summary>
    public JsonObject Patch(FakeApiServerResource resource, string? @namespace, string name, string contentType, JsonNode patch, string? subresource)
    {
        lock (_lock)
        {
            var current = Find(resource, @namespace, name) ?? throw FakeApiServerException.NotFound(resource, name);
            var patched = ApplyPatch(resource, current, contentType, patch);
            return UpdateLocked(resource, current, patched, subresource);
        }
    }

    public JsonObject GetScale(FakeApiServerResource resource, string? @namespace, string name)
    {
        var scale = resource.Scale ?? throw FakeApiServerException.NotFound(resource, name + "/scale");
        return ToScale(scale, Get(resource, @namespace, name));
    }

    public JsonObject UpdateScale(FakeApiServerResource resource, string? @namespace, string name, Func<JsonObject, JsonObject> change)
    {
        var scale = resource.Scale ?? throw FakeApiServerException.NotFound(resource, name + "/scale");
        lock (_lock)
        {
            var current = Find(resource, @namespace, name) ?? throw FakeApiServerException.NotFound(resource, name);
            var desired = change(ToScale(scale, current));
            var replicas = desired["spec"]?["replicas"]?.DeepClone() ?? 0;
            var next = (JsonObject)current.DeepClone();
            next["metadata"]!["resourceVersion"] = desired["metadata"]?["resourceVersion"]?.DeepClone() ?? current["metadata"]!["resourceVersion"]!.DeepClone();
            SetPath(next, scale.SpecReplicasPath, replicas);
            return ToScale(scale, UpdateLocked(resource, current, next, subresource: null));
        }
    }

    /// <summary>DELETE: marks the object when finalizers remain, removes it otherwise, then collects its dependents.</summary>
    public JsonObject Delete(FakeApiServerResource resource, string? @namespace, string name, string? propagationPolicy, JsonObject? preconditions)
    {
        lock (_lock)
        {
            var current = Find(resource, @namespace, name) ?? throw FakeApiServerException.NotFound(resource, name);
            var meta = Metadata(current);
            if (preconditions?["uid"]?.GetValue<string>() is { } uid && uid != meta["uid"]?.GetValue<string>())
            {
                throw new FakeApiServerException(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta["uid"]}");
            }

            if (preconditions?["resourceVersion"]?.GetValue<string>() is { } rv && rv != meta["resourceVersion"]?.GetValue<string>())
            {
                throw FakeApiServerException.Conflict(resource, name);
            }

            return DeleteLocked(resource, current, propagationPolicy ?? "Background");
        }
    }

    /// <summary>Opens a watch from <paramref name="resourceVersion"/> ("" or "0": the current objects as ADDED first).</summary>
    public FakeApiServerWatcher Watch(FakeApiServerResource resource, string? @namespace, string? resourceVersion, FakeApiServerSelector selector, bool bookmarks)
    {
        var watcher = new FakeApiServerWatcher(resource, @namespace, selector, bookmarks);
        lock (_lock)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var obj in Bucket(resource).Values.Where(o => watcher.Matches(resource, o)))
                {
                    watcher.Lines.Writer.TryWrite(Line("ADDED", obj));
                }
            }
            else
            {
                var from = long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw FakeApiServerException.BadRequest($"invalid resourceVersion '{resourceVersion}'");
                if (from < _historyFloor)
                {
                    throw FakeApiServerException.Expired($"too old resource version: {from} ({_historyFloor})");
                }

                foreach (var change in _history.Where(c => c.ResourceVersion > from))
                {
                    Send(watcher, change);
                }
            }

            _watchers.Add(watcher);
        }

        return watcher;
    }

    internal void Unwatch(FakeApiServerWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }

        watcher.Lines.Writer.TryComplete();
    }

    /// <summary>Sends every watcher that asked for bookmarks the current resourceVersion.</summary>
    public void SendBookmarks()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers.Where(w => w.Bookmarks))
            {
                var bookmark = new JsonObject
                {
                    ["kind"] = watcher.Resource.Kind,
                    ["apiVersion"] = watcher.Resource.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Format(_resourceVersion) },
                };
                watcher.Lines.Writer.TryWrite(Line("BOOKMARK", bookmark));
            }
        }
    }

    /// <summary>Ends every open watch, cleanly or by cutting the connection.</summary>
    public int DropWatches(bool abort = false)
    {
        List<FakeApiServerWatcher> dropped;
        lock (_lock)
        {
            dropped = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var watcher in dropped)
        {
            watcher.Drop(abort);
        }

        return dropped.Count;
    }

    /// <summary>Hangs every open watch: connections stay open, nothing more arrives on them.</summary>
    public int StallWatches()
    {
        var stalled = Watchers;
        foreach (var watcher in stalled)
        {
            watcher.Stall();
        }

        return stalled.Count;
    }

    /// <summary>Forgets the watch history, as compaction does: resuming from any earlier version answers 410 Gone.</summary>
    public void ExpireHistory()
    {
        lock (_lock)
        {
            _history.Clear();
            _historyFloor = _resourceVersion;
        }
    }

    /// <summary>Writes an object as is (no validation, no preconditions), as another client would. Creates it when missing.</summary>
    public JsonObject Put(FakeApiServerResource resource, JsonObject obj)
    {
        var meta = Metadata(obj);
        var name = meta["name"]!.GetValue<string>();
        var @namespace = resource.Namespaced ? meta["namespace"]?.GetValue<string>() ?? DefaultNamespace : null;
        lock (_lock)
        {
            var current = Find(resource, @namespace, name);
            var next = (JsonObject)obj.DeepClone();
            Stamp(resource, next);
            var nextMeta = Metadata(next);
            nextMeta["uid"] ??= current?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
            nextMeta["creationTimestamp"] ??= current?["metadata"]?["creationTimestamp"]?.DeepClone() ?? Timestamp();
            nextMeta["generation"] ??= current?["metadata"]?["generation"]?.DeepClone() ?? 1;
            Commit(resource, @namespace, name, current, next, current is null ? "ADDED" : "MODIFIED");
            return next;
        }
    }

    private JsonObject UpdateLocked(FakeApiServerResource resource, JsonObject current, JsonObject desired, string? subresource)
    {
        var meta = Metadata(current);
        var name = meta["name"]!.GetValue<string>();
        var @namespace = meta["namespace"]?.GetValue<string>();
        var desiredMeta = desired["metadata"] as JsonObject ?? [];
        if (desiredMeta["name"]?.GetValue<string>() is { Length: > 0 } renamed && renamed != name)
        {
            throw FakeApiServerException.BadRequest($"the name of the object ({renamed}) does not match the name on the URL ({name})");
        }

        var expected = desiredMeta["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(expected) && expected != meta["resourceVersion"]?.GetValue<string>())
        {
            throw FakeApiServerException.Conflict(resource, name);
        }

        JsonObject next;
        if (subresource == "status")
        {
            // The status subresource changes status only; whatever else the body says is ignored.
            next = (JsonObject)current.DeepClone();
            SetOrRemove(next, "status", desired["status"]);
        }
        else
        {
            next = (JsonObject)desired.DeepClone();
            Stamp(resource, next);
            var nextMeta = Metadata(next);
            foreach (var key in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion" })
            {
                SetOrRemove(nextMeta, key, meta[key]);
            }

            if (resource.HasStatus)
            {
                SetOrRemove(next, "status", current["status"]);
            }

            if (meta["deletionTimestamp"] is not null)
            {
                var before = Finalizers(current);
                var added = Finalizers(next).Except(before).ToList();
                if (added.Count > 0)
                {
                    throw FakeApiServerException.Invalid(resource, name, [$"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers [{string.Join(" ", added)}]"]);
                }
            }

            if (!JsonNode.DeepEquals(SpecOf(next), SpecOf(current)))
            {
                nextMeta["generation"] = (FakeApiServerJson.Integer(meta["generation"]) ?? 0) + 1;
            }
        }

        Validate(resource, name, next);
        if (JsonNode.DeepEquals(next, current))
        {
            // A write that changes nothing is a no-op: no new resourceVersion, no watch event.
            return current;
        }

        if (meta["deletionTimestamp"] is not null && Finalizers(next).Count == 0)
        {
            return RemoveLocked(resource, next, "Background");
        }

        Commit(resource, @namespace, name, current, next, "MODIFIED");
        return next;
    }

    private JsonObject DeleteLocked(FakeApiServerResource resource, JsonObject current, string propagationPolicy)
    {
        var meta = Metadata(current);
        if (Finalizers(current).Count > 0)
        {
            if (meta["deletionTimestamp"] is not null)
            {
                return current;
            }

            var marked = (JsonObject)current.DeepClone();
            var markedMeta = Metadata(marked);
            markedMeta["deletionTimestamp"] = Timestamp();
            markedMeta["deletionGracePeriodSeconds"] = 0;
            // As the API server does on the first graceful deletion: controllers must notice the change of intent.
            if (FakeApiServerJson.Integer(markedMeta["generation"]) is > 0 and var generation)
            {
                markedMeta["generation"] = generation + 1;
            }

            Commit(resource, meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>(), current, marked, "MODIFIED");
            return marked;
        }

        return RemoveLocked(resource, current, propagationPolicy);
    }

    private JsonObject RemoveLocked(FakeApiServerResource resource, JsonObject last, string propagationPolicy)
    {
        var meta = Metadata(last);
        var @namespace = meta["namespace"]?.GetValue<string>();
        var name = meta["name"]!.GetValue<string>();
        var removed = (JsonObject)last.DeepClone();
        Bucket(resource).Remove((@namespace ?? "", name));
        Record(resource, Find(resource, @namespace, name) ?? last, removed, "DELETED");

        var uid = meta["uid"]?.GetValue<string>();
        if (uid is null)
        {
            return removed;
        }

        // Garbage collection of dependents: deleted once no owner is left, orphaned on request.
        foreach (var (dependentResource, dependent) in Dependents(uid))
        {
            var dependentMeta = Metadata(dependent);
            var remaining = dependentMeta["ownerReferences"]!.AsArray().Where(o => o?["uid"]?.GetValue<string>() != uid).ToList();
            if (propagationPolicy == "Orphan" || remaining.Any(o => OwnerExists(o!["uid"]!.GetValue<string>())))
            {
                var orphan = (JsonObject)dependent.DeepClone();
                Metadata(orphan)["ownerReferences"] = new JsonArray([.. remaining.Select(o => o!.DeepClone())]);
                Commit(dependentResource, dependentMeta["namespace"]?.GetValue<string>(), dependentMeta["name"]!.GetValue<string>(), dependent, orphan, "MODIFIED");
            }
            else
            {
                DeleteLocked(dependentResource, dependent, propagationPolicy);
            }
        }

        return removed;
    }

    /// <summary>
    /// The collector deletes a dependent none of whose owners exist, e.g. one created for an owner deleted meanwhile.
    /// The creator still got its 201; the object then goes, as it would moments later on a real cluster.
    /// </summary>
    private void CollectIfOrphaned(FakeApiServerResource resource, JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } owners
            && owners.All(o => o?["uid"]?.GetValue<string>() is not { } uid || !OwnerExists(uid)))
        {
            DeleteLocked(resource, obj, "Background");
        }
    }

    private List<(FakeApiServerResource Resource, JsonObject Object)> Dependents(string ownerUid) =>
        [.. _objects
            .Where(bucket => bucket.Value.Count > 0 && _resources.ContainsKey(bucket.Key))
            .SelectMany(bucket => bucket.Value.Values.Select(o => (Resource: _resources[bucket.Key], Object: o)))
            .Where(d => d.Object["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => o?["uid"]?.GetValue<string>() == ownerUid))];

    private bool OwnerExists(string uid) =>
        _objects.Values.Any(bucket => bucket.Values.Any(o => o["metadata"]?["uid"]?.GetValue<string>() == uid));

    private void Commit(FakeApiServerResource resource, string? @namespace, string name, JsonObject? previous, JsonObject next, string type)
    {
        if (!_resources.ContainsKey(resource.Key))
        {
            _resources[resource.Key] = resource;
        }

        Bucket(resource)[(@namespace ?? "", name)] = next;
        Record(resource, previous, next, type);
    }

    private void Record(FakeApiServerResource resource, JsonObject? previous, JsonObject next, string type)
    {
        Metadata(next)["resourceVersion"] = Format(++_resourceVersion);
        var change = new Change(_resourceVersion, resource, type, previous, next);
        _history.Enqueue(change);
        while (_history.Count > HistorySize)
        {
            _historyFloor = _history.Dequeue().ResourceVersion;
        }

        foreach (var watcher in _watchers)
        {
            Send(watcher, change);
        }
    }

    private static void Send(FakeApiServerWatcher watcher, Change change)
    {
        var now = watcher.Matches(change.Resource, change.Object);
        var before = change.Previous is not null && watcher.Matches(change.Resource, change.Previous);
        // A selector sees objects enter and leave it as ADDED and DELETED, as the real watch cache reports them.
        var type = change.Type switch
        {
            "MODIFIED" when now && !before => "ADDED",
            "MODIFIED" when !now && before => "DELETED",
            "DELETED" when !before && !now => null,
            _ when !now && change.Type != "DELETED" => null,
            _ => change.Type,
        };
        if (type is not null)
        {
            watcher.Lines.Writer.TryWrite(Line(type, change.Object));
        }
    }

    private static string Line(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    internal static JsonObject ApplyPatch(FakeApiServerResource resource, JsonObject current, string contentType, JsonNode patch)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        var result = mediaType switch
        {
            FakeApiServerPatch.MergePatch => FakeApiServerPatch.Merge(current, patch),
            // Built-in types take strategic merge patches; a merge patch is the same thing for everything we send.
            FakeApiServerPatch.StrategicMergePatch when !resource.IsCustom => FakeApiServerPatch.Merge(current, patch),
            FakeApiServerPatch.JsonPatch => FakeApiServerPatch.Apply(current, patch as JsonArray ?? throw FakeApiServerException.BadRequest("a JSON patch is an array")),
            _ => throw new FakeApiServerException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {FakeApiServerPatch.JsonPatch}, {FakeApiServerPatch.MergePatch}"),
        };
        return result as JsonObject ?? throw FakeApiServerException.BadRequest("the patch did not produce an object");
    }

    private static JsonObject ToScale(FakeApiServerScale scale, JsonObject obj)
    {
        var meta = Metadata(obj);
        var status = new JsonObject { ["replicas"] = GetPath(obj, scale.StatusReplicasPath)?.DeepClone() ?? 0 };
        if (scale.LabelSelectorPath is { } selectorPath && GetPath(obj, selectorPath) is { } selector)
        {
            status["selector"] = selector.DeepClone();
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = GetPath(obj, scale.SpecReplicasPath)?.DeepClone() ?? 0 },
            ["status"] = status,
        };
    }

    private static JsonNode? GetPath(JsonObject obj, string path)
    {
        JsonNode? current = obj;
        foreach (var part in path.TrimStart('.').Split('.'))
        {
            current = current?[part];
        }

        return current;
    }

    private static void SetPath(JsonObject obj, string path, JsonNode value)
    {
        var parts = path.TrimStart('.').Split('.');
        var current = obj;
        foreach (var part in parts[..^1])
        {
            if (current[part] is not JsonObject child)
            {
                child = [];
                current[part] = child;
            }

            current = child;
        }

        current[parts[^1]] = value;
    }

    private static void Validate(FakeApiServerResource resource, string name, JsonObject obj)
    {
        if (resource.Schema is { } schema && FakeApiServerSchema.Apply(schema, obj) is { Count: > 0 } errors)
        {
            throw FakeApiServerException.Invalid(resource, name, errors);
        }
    }

    private static string? PlaceNamespace(FakeApiServerResource resource, string? urlNamespace, JsonObject meta)
    {
        if (!resource.Namespaced)
        {
            meta.Remove("namespace");
            return null;
        }

        var bodyNamespace = meta["namespace"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(bodyNamespace) && urlNamespace is not null && bodyNamespace != urlNamespace)
        {
            throw FakeApiServerException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var @namespace = urlNamespace ?? (string.IsNullOrEmpty(bodyNamespace) ? DefaultNamespace : bodyNamespace);
        meta["namespace"] = @namespace;
        return @namespace;
    }

    private static void Stamp(FakeApiServerResource resource, JsonObject obj)
    {
        if (resource.Kind.Length == 0)
        {
            return;
        }

        var kind = obj["kind"]?.GetValue<string>();
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        if ((!string.IsNullOrEmpty(kind) && kind != resource.Kind) || (!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.ApiVersion))
        {
            throw FakeApiServerException.BadRequest($"the API version in the data ({apiVersion}) and kind ({kind}) do not match {resource.ApiVersion} {resource.Kind}");
        }

        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
    }

    /// <summary>What a generation counts: every root field but the envelope and status.</summary>
    private static JsonObject SpecOf(JsonObject obj)
    {
        var spec = (JsonObject)obj.DeepClone();
        spec.Remove("metadata");
        spec.Remove("status");
        spec.Remove("apiVersion");
        spec.Remove("kind");
        return spec;
    }

    private static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray finalizers ? [.. finalizers.Select(f => f!.GetValue<string>())] : [];

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            meta = [];
            obj["metadata"] = meta;
        }

        return meta;
    }

    private static void SetOrRemove(JsonObject obj, string key, JsonNode? value)
    {
        if (value is null)
        {
            obj.Remove(key);
        }
        else
        {
            obj[key] = value.DeepClone();
        }
    }

    private JsonObject? Find(FakeApiServerResource resource, string? @namespace, string name) =>
        Bucket(resource).GetValueOrDefault((@namespace ?? "", name));

    private SortedDictionary<(string Namespace, string Name), JsonObject> Bucket(FakeApiServerResource resource)
    {
        if (!_objects.TryGetValue(resource.Key, out var bucket))
        {
            _objects[resource.Key] = bucket = [];
        }

        return bucket;
    }

    private string Timestamp() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Format(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);

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

    private static IEnumerable<FakeApiServerResource> BuiltIns() =>
    [
        new("", "v1", "namespaces", "Namespace", Namespaced: false),
        new("", "v1", "services", "Service", Namespaced: true) { HasStatus = true },
        new("", "v1", "secrets", "Secret", Namespaced: true),
        new("", "v1", "configmaps", "ConfigMap", Namespaced: true),
        new("", "v1", "pods", "Pod", Namespaced: true) { HasStatus = true },
        new("", "v1", "events", "Event", Namespaced: true),
        new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", Namespaced: true),
        new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true),
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false) { HasStatus = true },
    ];

    private sealed record Change(long ResourceVersion, FakeApiServerResource Resource, string Type, JsonObject? Previous, JsonObject Object);
}
