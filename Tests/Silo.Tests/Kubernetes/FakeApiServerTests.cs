using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>The fake API server, driven by the real KubernetesClient over HTTP: the semantics other tests lean on.</summary>
public sealed class FakeApiServerTests : IClassFixture<FakeApiServerFixture>
{
    private const string Group = "test.example";
    private const string Version = "v1";
    private const string Plural = "widgets";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly FakeApiServer _server;
    private readonly IKubernetes _client;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();

    public FakeApiServerTests(FakeApiServerFixture fixture)
    {
        _server = fixture.Server;
        _client = fixture.Client;
        _server.InstallCrd(WidgetCrd());
    }

    [Fact]
    public async Task Create_update_status_and_delete_follow_the_api_server_rules()
    {
        var created = await CreateAsync(Widget("a", status: true));
        Assert.Equal(1, Meta(created, "generation")!.GetValue<long>());
        Assert.NotNull(Meta(created, "uid"));
        Assert.Null(created["status"]);
        Assert.Equal(1, created["spec"]!["replicas"]!.GetValue<int>());

        var changed = (JsonObject)created.DeepClone();
        changed["spec"]!["size"] = "L";
        changed["status"] = new JsonObject { ["phase"] = "ignored" };
        var updated = Node(await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(changed, Group, Version, _ns, Plural, "a", cancellationToken: _ct));
        Assert.Equal(2, Meta(updated, "generation")!.GetValue<long>());
        Assert.True(Rv(updated) > Rv(created));
        Assert.Null(updated["status"]);

        var patch = new V1Patch(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Ready" } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        var withStatus = Node(await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, Group, Version, _ns, Plural, "a", cancellationToken: _ct));
        Assert.Equal("Ready", withStatus["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(2, Meta(withStatus, "generation")!.GetValue<long>());
        Assert.True(Rv(withStatus) > Rv(updated));

        var same = Node(await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(withStatus, Group, Version, _ns, Plural, "a", cancellationToken: _ct));
        Assert.Equal(Rv(withStatus), Rv(same));

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, _ns, Plural, "a", cancellationToken: _ct);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, _ns, Plural, "a", _ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", missing.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_resourceVersion_is_a_conflict_and_a_taken_name_too()
    {
        var created = await CreateAsync(Widget("a"));
        var changed = (JsonObject)created.DeepClone();
        changed["spec"]!["size"] = "L";
        await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(changed, Group, Version, _ns, Plural, "a", cancellationToken: _ct);

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(changed, Group, Version, _ns, Plural, "a", cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);

        var stalePatch = new V1Patch(
            new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(created).ToString(System.Globalization.CultureInfo.InvariantCulture) }, ["status"] = new JsonObject { ["phase"] = "x" } }.ToJsonString(),
            V1Patch.PatchType.MergePatch);
        var staleStatus = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(stalePatch, Group, Version, _ns, Plural, "a", cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.Conflict, staleStatus.Response.StatusCode);

        var taken = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(Widget("a")));
        Assert.Equal(HttpStatusCode.Conflict, taken.Response.StatusCode);
        Assert.Contains("AlreadyExists", taken.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finalizers_hold_a_deletion_until_they_are_released()
    {
        var widget = Widget("held");
        widget["metadata"]!["finalizers"] = new JsonArray("test.example/hold");
        var created = await CreateAsync(widget);

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, _ns, Plural, "held", cancellationToken: _ct);
        var marked = await GetAsync("held");
        Assert.NotNull(Meta(marked, "deletionTimestamp"));
        Assert.Equal(2, Meta(marked, "generation")!.GetValue<long>());
        Assert.True(Rv(marked) > Rv(created));

        var adding = (JsonObject)marked.DeepClone();
        adding["metadata"]!["finalizers"]!.AsArray().Add("test.example/more");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(adding, Group, Version, _ns, Plural, "held", cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);

        var release = new V1Patch("""[{"op":"remove","path":"/metadata/finalizers/0"}]""", V1Patch.PatchType.JsonPatch);
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(release, Group, Version, _ns, Plural, "held", cancellationToken: _ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => GetAsync("held"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_owner_collects_its_dependents_unless_they_are_orphaned()
    {
        var owner = await CreateAsync(Widget("owner"));
        var orphanOwner = await CreateAsync(Widget("orphan-owner"));
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Dependent("child", owner), _ns, cancellationToken: _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Dependent("orphan", orphanOwner), _ns, cancellationToken: _ct);

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, _ns, Plural, "owner", propagationPolicy: "Background", cancellationToken: _ct);
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, _ns, Plural, "orphan-owner", propagationPolicy: "Orphan", cancellationToken: _ct);

        var maps = await _client.CoreV1.ListNamespacedConfigMapAsync(_ns, cancellationToken: _ct);
        var left = Assert.Single(maps.Items);
        Assert.Equal("orphan", left.Metadata.Name);
        Assert.Empty(left.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task A_watch_resumes_from_a_version_in_order_and_sends_bookmarks()
    {
        await CreateAsync(Widget("a"));
        var list = Node(await _client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, cancellationToken: _ct));
        var from = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        await CreateAsync(Widget("b"));
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), Group, Version, _ns, Plural, "a", cancellationToken: _ct);
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, _ns, Plural, "b", cancellationToken: _ct);

        var events = await _client.CustomObjects
            .WatchListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, allowWatchBookmarks: true, resourceVersion: from, cancellationToken: _ct)
            .TakeAsync(4, cancellationToken: _ct);

        Assert.Equal(
            [(WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b")],
            events.Take(3).Select(e => (e.Item1, Meta(Node(e.Item2), "name")!.GetValue<string>())).ToList());
        Assert.Equal(WatchEventType.Bookmark, events[3].Item1);
        var versions = events.Select(e => Rv(Node(e.Item2))).ToList();
        Assert.Equal(versions.Order().ToList(), versions);
    }

    [Fact]
    public async Task A_watch_from_an_expired_version_gets_410_as_an_error_event_or_as_the_answer()
    {
        await CreateAsync(Widget("a"));
        var from = _server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CreateAsync(Widget("b"));
        _server.Faults.ExpireHistory();

        var errors = new List<Exception>();
        var events = await _client.CustomObjects
            .WatchListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, resourceVersion: from, onError: errors.Add, cancellationToken: _ct)
            .TakeAsync(1, cancellationToken: _ct);
        Assert.Empty(events);
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);

        _server.Faults.ExpiredWatchAsHttpStatus = true;
        try
        {
            var gone = await Assert.ThrowsAsync<HttpOperationException>(() =>
                _client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, resourceVersion: from, cancellationToken: _ct).TakeAsync(1, cancellationToken: _ct));
            Assert.Equal(HttpStatusCode.Gone, gone.Response.StatusCode);
        }
        finally
        {
            _server.Faults.ExpiredWatchAsHttpStatus = false;
        }
    }

    [Fact]
    public async Task Dropped_watches_end_and_stalled_ones_go_quiet()
    {
        var from = _server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CreateAsync(Widget("first"));
        var watch = _client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, resourceVersion: from, cancellationToken: _ct);
        await using var events = watch.GetAsyncEnumerator(_ct);
        Assert.True(await events.MoveNextAsync());
        Assert.True(_server.Faults.DropWatches() >= 1);
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(AsyncStreams.Deadline, _ct));

        var stalledFrom = _server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CreateAsync(Widget("second"));
        await using var stalled = _client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, resourceVersion: stalledFrom, cancellationToken: _ct).GetAsyncEnumerator(_ct);
        Assert.True(await stalled.MoveNextAsync());
        Assert.True(_server.Faults.StallWatches() >= 1);
        await CreateAsync(Widget("third"));
        var next = stalled.MoveNextAsync().AsTask();
        await Assert.ThrowsAsync<TimeoutException>(() => next.WaitAsync(TimeSpan.FromMilliseconds(300), _ct));
        _server.Faults.DropWatches(abort: true);
        await Assert.ThrowsAnyAsync<Exception>(() => next.WaitAsync(AsyncStreams.Deadline, _ct));
    }

    [Fact]
    public async Task Injected_failures_answer_500_then_the_server_recovers()
    {
        _server.Faults.FailNext(2, when: r => r.Namespace == _ns);
        for (var i = 0; i < 2; i++)
        {
            var failed = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, cancellationToken: _ct));
            Assert.Equal(HttpStatusCode.InternalServerError, failed.Response.StatusCode);
        }

        await _client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, _ns, Plural, cancellationToken: _ct);
        Assert.Equal(0, _server.Faults.PendingFailures);
    }

    [Fact]
    public async Task Patches_merge_and_json_and_strategic_merge_is_refused_for_custom_resources()
    {
        await CreateAsync(Widget("p"));
        var merged = Node(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"tags":["a"]},"metadata":{"labels":{"k":"v"}}}""", V1Patch.PatchType.MergePatch), Group, Version, _ns, Plural, "p", cancellationToken: _ct));
        Assert.Equal("v", merged["metadata"]!["labels"]!["k"]!.GetValue<string>());
        var patched = Node(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"add","path":"/spec/tags/-","value":"b"},{"op":"test","path":"/spec/size","value":"M"}]""", V1Patch.PatchType.JsonPatch), Group, Version, _ns, Plural, "p", cancellationToken: _ct));
        Assert.Equal(["a", "b"], patched["spec"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var strategic = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{}", V1Patch.PatchType.StrategicMergePatch), Group, Version, _ns, Plural, "p", cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, strategic.Response.StatusCode);
    }

    [Fact]
    public async Task The_scale_subresource_reads_status_and_writes_spec_replicas()
    {
        await CreateAsync(Widget("s"));
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"replicas":1,"selector":"app=s"}}""", V1Patch.PatchType.MergePatch), Group, Version, _ns, Plural, "s", cancellationToken: _ct);

        var scale = Node(await _client.CustomObjects.GetNamespacedCustomObjectScaleAsync(Group, Version, _ns, Plural, "s", _ct));
        Assert.Equal(("Scale", 1, 1, "app=s"), (scale["kind"]!.GetValue<string>(), scale["spec"]!["replicas"]!.GetValue<int>(), scale["status"]!["replicas"]!.GetValue<int>(), scale["status"]!["selector"]!.GetValue<string>()));

        await _client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), Group, Version, _ns, Plural, "s", cancellationToken: _ct);
        var widget = await GetAsync("s");
        Assert.Equal(5, widget["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, Meta(widget, "generation")!.GetValue<long>());
    }

    [Fact]
    public async Task A_crd_schema_prunes_unknown_fields_fills_defaults_and_rejects_invalid_objects()
    {
        var widget = Widget("v");
        widget["spec"]!["unknown"] = "dropped";
        widget["spec"]!["replicas"] = null;
        var created = await CreateAsync(widget);
        Assert.Null(created["spec"]!["unknown"]);
        Assert.Equal(1, created["spec"]!["replicas"]!.GetValue<int>());

        var invalid = Widget("bad", size: "XL");
        invalid["spec"]!["tags"] = new JsonArray("a", "b", "c");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(invalid));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains("spec.size: Unsupported value", refused.Response.Content, StringComparison.Ordinal);
        Assert.Contains("spec.tags: Too many", refused.Response.Content, StringComparison.Ordinal);

        var incomplete = Widget("incomplete");
        incomplete["spec"]!.AsObject().Remove("size");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(incomplete));
        Assert.Contains("spec.size: Required value", missing.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Built_in_lists_span_namespaces_filter_by_label_and_leave_out_item_types()
    {
        var other = FakeApiServerFixture.NewNamespace();
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one", Labels = new Dictionary<string, string> { ["pick"] = "me" } } }, _ns, cancellationToken: _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two", Labels = new Dictionary<string, string> { ["pick"] = "me" } } }, other, cancellationToken: _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "three" } }, other, cancellationToken: _ct);

        var picked = await _client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "pick=me", cancellationToken: _ct);
        Assert.Equal(new[] { (_ns, "one"), (other, "two") }.Order().ToList(), picked.Items.Select(m => (m.Metadata.NamespaceProperty, m.Metadata.Name)).Order().ToList());

        var raw = Node(await _client.CustomObjects.ListNamespacedCustomObjectAsync("", "v1", other, "configmaps", labelSelector: "!pick", cancellationToken: _ct));
        var item = Assert.Single(raw["items"]!.AsArray())!;
        Assert.Equal("three", item["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(item["kind"]);
        Assert.Equal("ConfigMapList", raw["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Leases_endpoint_slices_events_and_generated_names_are_served()
    {
        var lease = await _client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "silo-1", LeaseDurationSeconds = 15 } }, _ns, cancellationToken: _ct);
        lease.Spec.HolderIdentity = "silo-2";
        var taken = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "leader", _ns, cancellationToken: _ct);
        Assert.Equal("silo-2", taken.Spec.HolderIdentity);
        await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "leader", _ns, cancellationToken: _ct));

        var slice = await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(
            new V1EndpointSlice
            {
                Metadata = new V1ObjectMeta { GenerateName = "web-" },
                AddressType = "IPv4",
                Endpoints = [new V1Endpoint { Addresses = ["10.0.0.1"], Conditions = new V1EndpointConditions { Ready = true } }],
                Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            },
            _ns,
            cancellationToken: _ct);
        Assert.StartsWith("web-", slice.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("10.0.0.1", (await _client.DiscoveryV1.ReadNamespacedEndpointSliceAsync(slice.Metadata.Name, _ns, cancellationToken: _ct)).Endpoints[0].Addresses[0]);

        await _client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event { Metadata = new V1ObjectMeta { Name = "e1" }, InvolvedObject = new V1ObjectReference { Kind = "Widget", Name = "w" }, Reason = "Tested", Message = "hello" }, _ns, cancellationToken: _ct);
        Assert.Equal("Tested", Assert.Single((await _client.CoreV1.ListNamespacedEventAsync(_ns, cancellationToken: _ct)).Items).Reason);
    }

    [Fact]
    public async Task Token_and_access_reviews_answer_from_the_configured_identities()
    {
        _server.Reviews.AddToken("good", "system:serviceaccount:monitoring:prometheus", "system:serviceaccounts");
        _server.Reviews.Allow("system:serviceaccount:monitoring:prometheus", "get", "/metrics");

        var known = await _client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "good" } }, cancellationToken: _ct);
        Assert.True(known.Status.Authenticated);
        Assert.Equal("system:serviceaccount:monitoring:prometheus", known.Status.User.Username);
        var unknown = await _client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "bad" } }, cancellationToken: _ct);
        Assert.False(unknown.Status.Authenticated);

        V1SubjectAccessReview Review(string verb) => new()
        {
            Spec = new V1SubjectAccessReviewSpec { User = known.Status.User.Username, NonResourceAttributes = new V1NonResourceAttributes { Path = "/metrics", Verb = verb } },
        };
        Assert.True((await _client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review("get"), cancellationToken: _ct)).Status.Allowed);
        Assert.False((await _client.AuthorizationV1.CreateSubjectAccessReviewAsync(Review("delete"), cancellationToken: _ct)).Status.Allowed);
    }

    private async Task<JsonObject> CreateAsync(JsonObject widget) =>
        Node(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, Group, Version, _ns, Plural, cancellationToken: _ct));

    private async Task<JsonObject> GetAsync(string name) =>
        Node(await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, _ns, Plural, name, _ct));

    private static JsonObject Node(object value) => JsonSerializer.SerializeToNode(value)!.AsObject();

    private static JsonNode? Meta(JsonObject obj, string field) => obj["metadata"]?[field];

    private static long Rv(JsonObject obj) => long.Parse(Meta(obj, "resourceVersion")!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Widget(string name, string size = "M", bool status = false)
    {
        var widget = new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["size"] = size },
        };
        if (status)
        {
            widget["status"] = new JsonObject { ["phase"] = "dropped on create" };
        }

        return widget;
    }

    private static V1ConfigMap Dependent(string name, JsonObject owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = $"{Group}/{Version}",
                    Kind = "Widget",
                    Name = Meta(owner, "name")!.GetValue<string>(),
                    Uid = Meta(owner, "uid")!.GetValue<string>(),
                    Controller = true,
                },
            ],
        },
    };

    private static JsonObject WidgetCrd() => JsonNode.Parse("""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "widgets.test.example" },
          "spec": {
            "group": "test.example",
            "scope": "Namespaced",
            "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList" },
            "versions": [{
              "name": "v1", "served": true, "storage": true,
              "subresources": { "status": {}, "scale": { "specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas", "labelSelectorPath": ".status.selector" } },
              "schema": { "openAPIV3Schema": {
                "type": "object",
                "properties": {
                  "spec": { "type": "object", "required": ["size"], "properties": {
                    "replicas": { "type": "integer", "default": 1 },
                    "size": { "type": "string", "enum": ["S", "M", "L"] },
                    "tags": { "type": "array", "maxItems": 2, "items": { "type": "string" } } } },
                  "status": { "type": "object", "properties": {
                    "replicas": { "type": "integer" }, "selector": { "type": "string" }, "phase": { "type": "string" } } }
                } } }
            }]
          }
        }
        """)!.AsObject();
}
