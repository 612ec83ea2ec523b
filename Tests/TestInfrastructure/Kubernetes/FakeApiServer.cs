using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// A small Kubernetes API server on a loopback port, for tests that drive the real KubernetesClient over HTTP:
/// <c>/api/v1/…</c> and <c>/apis/{group}/{version}/…</c>, namespaced and all-namespaces lists, watches streamed as
/// JSON lines with bookmarks, merge and JSON patches, the <c>status</c> and <c>scale</c> subresources, CRDs that
/// install schemas, and TokenReview/SubjectAccessReview answered from <see cref="Reviews"/>. Semantics live in
/// <see cref="FakeApiServerStore"/>; faults in <see cref="Faults"/>.
/// </summary>
/// <remarks>
/// Not served: server-side apply, strategic merge on custom resources (415, as the real server), deletecollection,
/// namespace existence checks, CEL validation rules, admission. Callers are authenticated and authorized only when an
/// <see cref="Authorizer"/> is set (RBAC from Roles and bindings, e.g. a rendered chart's).
/// </remarks>
public sealed class FakeApiServer : IAsyncDisposable
{
    /// <summary>The bearer token of the kubeconfig <see cref="WriteKubeconfig"/> writes.</summary>
    public const string KubeconfigToken = "fake-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeApiServerRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _bookmarks;

    private FakeApiServer(WebApplication app, FakeApiServerStore store, TimeSpan bookmarkInterval)
    {
        _app = app;
        Store = store;
        Faults = new FakeApiServerFaults(store);
        _bookmarks = TimeProvider.System.CreateTimer(_ => store.SendBookmarks(), null, bookmarkInterval, bookmarkInterval);
    }

    public Uri BaseUri { get; private set; } = null!;

    public FakeApiServerStore Store { get; }

    public FakeApiServerFaults Faults { get; }

    public FakeApiServerReviews Reviews { get; } = new();

    /// <summary>Enforces RBAC on requests that carry a bearer token; null (the default) serves everyone everything.</summary>
    public FakeApiServerAuthorizer? Authorizer { get; set; }

    /// <summary>Every request served so far, oldest first.</summary>
    public IReadOnlyCollection<FakeApiServerRequest> Requests => _requests;

    /// <summary>Starts on a free loopback port. Bookmarks go out every <paramref name="bookmarkInterval"/> (1 s by default; the real server's is a minute).</summary>
    public static async Task<FakeApiServer> StartAsync(TimeSpan? bookmarkInterval = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeApiServer(app, new FakeApiServerStore(time), bookmarkInterval ?? TimeSpan.FromSeconds(1));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    public KubernetesClientConfiguration ClientConfiguration() => new() { Host = BaseUri.ToString() };

    /// <summary>A real client pointed at this server.</summary>
    public IKubernetes CreateClient() => new k8s.Kubernetes(ClientConfiguration());

    /// <summary>Writes a kubeconfig that points at this server; for processes started with <c>--kubeconfig</c>.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {BaseUri.ToString().TrimEnd('/')}
            users:
            - name: fake
              user:
                token: {KubeconfigToken}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
                namespace: default
            current-context: fake
            """);
        return path;
    }

    /// <summary>Creates a CustomResourceDefinition, which serves its kind from then on.</summary>
    public JsonObject InstallCrd(JsonObject crd)
    {
        var resource = Store.Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", namespaced: false);
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? "";
        var stored = Store.TryGet(resource, null, name) is { } existing
            ? Store.Replace(resource, null, name, WithVersion(crd, existing), subresource: null)
            : Store.Create(resource, null, crd);
        Store.RegisterCrd(stored);
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        await _bookmarks.DisposeAsync();
        await _stopping.CancelAsync();
        Store.DropWatches(abort: true);
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = Parse(context.Request);
        if (request is null)
        {
            await WriteAsync(context, 404, FakeApiServerException.Status(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})"));
            return;
        }

        _requests.Enqueue(request);
        FakeApiServerUser? user = null;
        if (Authorizer is { } authorizer && authorizer.Authorize(request, context.Request.Headers.Authorization.ToString(), out user) is { } refusal)
        {
            await WriteAsync(context, refusal["code"]!.GetValue<int>(), refusal);
            request.Status = context.Response.StatusCode;
            return;
        }

        request.User = user?.Name;
        try
        {
            if (Faults.TakeFailure(request) is { } failure)
            {
                throw new FakeApiServerException(failure, failure == 500 ? "InternalError" : "ServiceUnavailable", "injected failure");
            }

            Faults.TakeInterception(request)?.Invoke(Store);
            var body = await ReadBodyAsync(context.Request);
            await ServeAsync(context, request, body);
        }
        catch (FakeApiServerException ex)
        {
            await WriteAsync(context, ex.Code, ex.ToStatus());
        }
        catch (System.Text.Json.JsonException ex)
        {
            await WriteAsync(context, 400, FakeApiServerException.Status(400, "BadRequest", $"the body could not be decoded: {ex.Message}"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the fake itself: say so in the answer, where the failing test will print it.
            await WriteAsync(context, 500, FakeApiServerException.Status(500, "InternalError", $"fake API server failure: {ex}"));
        }

        request.Status = context.Response.StatusCode;
    }

    private async Task ServeAsync(HttpContext context, FakeApiServerRequest request, JsonNode? body)
    {
        if (request.Group == "authentication.k8s.io" && request.Plural == "tokenreviews" && request.Verb == "create")
        {
            await WriteAsync(context, 201, ReviewToken(Required(body)));
            return;
        }

        if (request.Group == "authorization.k8s.io" && request.Plural is "subjectaccessreviews" && request.Verb == "create")
        {
            await WriteAsync(context, 201, ReviewAccess(Required(body)));
            return;
        }

        var kind = (body as JsonObject)?["kind"]?.GetValue<string>();
        var resource = Store.Resource(request.Group, request.Version, request.Plural, request.Namespace is not null, request.Verb == "create" ? kind : null);
        var query = context.Request.Query;
        switch (request.Verb, request.Subresource)
        {
            case ("list", null):
                await WriteAsync(context, 200, List(resource, request.Namespace, query));
                break;
            case ("watch", null):
                await WatchAsync(context, resource, request.Namespace, query);
                break;
            case ("get", "scale"):
                await WriteAsync(context, 200, Store.GetScale(resource, request.Namespace, request.Name!));
                break;
            case ("get", _):
                await WriteAsync(context, 200, Store.Get(resource, request.Namespace, request.Name!));
                break;
            case ("create", null):
                var created = Store.Create(resource, request.Namespace, Required(body).AsObject());
                if (resource.Key == "apiextensions.k8s.io/v1/customresourcedefinitions")
                {
                    Store.RegisterCrd(created);
                }

                await WriteAsync(context, 201, created);
                break;
            case ("update", "scale"):
                await WriteAsync(context, 200, Store.UpdateScale(resource, request.Namespace, request.Name!, _ => Required(body).AsObject()));
                break;
            case ("update", null or "status"):
                await WriteAsync(context, 200, Store.Replace(resource, request.Namespace, request.Name!, Required(body).AsObject(), request.Subresource));
                break;
            case ("patch", "scale"):
                await WriteAsync(context, 200, Store.UpdateScale(resource, request.Namespace, request.Name!, scale => FakeApiServerStore.ApplyPatch(resource, scale, request.ContentType ?? "", Required(body))));
                break;
            case ("patch", null or "status"):
                await WriteAsync(context, 200, Store.Patch(resource, request.Namespace, request.Name!, request.ContentType ?? "", Required(body), request.Subresource));
                break;
            case ("delete", null):
                var policy = query["propagationPolicy"].FirstOrDefault() ?? body?["propagationPolicy"]?.GetValue<string>();
                await WriteAsync(context, 200, Store.Delete(resource, request.Namespace, request.Name!, policy, body?["preconditions"] as JsonObject));
                break;
            default:
                throw new FakeApiServerException(405, "MethodNotAllowed", $"{request.Verb} on {request.Plural}/{request.Subresource} is not supported by the fake API server");
        }
    }

    private JsonObject List(FakeApiServerResource resource, string? @namespace, IQueryCollection query)
    {
        var selector = FakeApiServerSelector.Parse(query["labelSelector"].FirstOrDefault(), query["fieldSelector"].FirstOrDefault());
        var (items, resourceVersion) = Store.List(resource, @namespace, selector);
        var after = query["continue"].FirstOrDefault() is { Length: > 0 } token ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
        var page = items.Where(i => after is null || string.CompareOrdinal(PageKey(i), after) > 0).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (int.TryParse(query["limit"].FirstOrDefault(), CultureInfo.InvariantCulture, out var limit) && limit > 0 && page.Count > limit)
        {
            metadata["remainingItemCount"] = page.Count - limit;
            page = page[..limit];
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(PageKey(page[^1])));
        }

        var array = new JsonArray();
        foreach (var item in page)
        {
            var copy = (JsonObject)item.DeepClone();
            if (!resource.IsCustom)
            {
                // Built-in list items come without type information; clients must not rely on it.
                copy.Remove("apiVersion");
                copy.Remove("kind");
            }

            array.Add(copy);
        }

        return new JsonObject
        {
            ["apiVersion"] = resource.ApiVersion,
            ["kind"] = resource.Kind.Length == 0 ? "List" : resource.ListKind,
            ["metadata"] = metadata,
            ["items"] = array,
        };
    }

    private async Task WatchAsync(HttpContext context, FakeApiServerResource resource, string? @namespace, IQueryCollection query)
    {
        var selector = FakeApiServerSelector.Parse(query["labelSelector"].FirstOrDefault(), query["fieldSelector"].FirstOrDefault());
        var bookmarks = query["allowWatchBookmarks"].FirstOrDefault() is "true" or "1";
        FakeApiServerWatcher watcher;
        try
        {
            watcher = Store.Watch(resource, @namespace, query["resourceVersion"].FirstOrDefault(), selector, bookmarks);
        }
        catch (FakeApiServerException ex) when (ex.Code == 410 && !Faults.ExpiredWatchAsHttpStatus)
        {
            // The real server accepts the watch, then sends one ERROR event and closes.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["type"] = "ERROR", ["object"] = ex.ToStatus() }.ToJsonString() + "\n", _stopping.Token);
            return;
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token, watcher.Aborted);
        if (int.TryParse(query["timeoutSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            ended.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(ended.Token);
            await foreach (var line in watcher.Lines.Reader.ReadAllAsync(ended.Token))
            {
                await watcher.WaitWhileStalledAsync(ended.Token);
                await context.Response.WriteAsync(line + "\n", ended.Token);
                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            Store.Unwatch(watcher);
        }

        if (watcher.Aborted.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    private JsonObject ReviewToken(JsonNode review)
    {
        var result = (JsonObject)review.DeepClone();
        var token = review["spec"]?["token"]?.GetValue<string>() ?? "";
        result["status"] = Reviews.Authenticate(token) is var (user, groups)
            ? new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]) },
            }
            : new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" };
        return result;
    }

    private JsonObject ReviewAccess(JsonNode review)
    {
        var result = (JsonObject)review.DeepClone();
        var spec = review["spec"];
        var user = spec?["user"]?.GetValue<string>() ?? "";
        var (verb, target) = spec?["nonResourceAttributes"] is { } nonResource
            ? (nonResource["verb"]?.GetValue<string>() ?? "", nonResource["path"]?.GetValue<string>() ?? "")
            : (spec?["resourceAttributes"]?["verb"]?.GetValue<string>() ?? "",
                $"{spec?["resourceAttributes"]?["group"]?.GetValue<string>()}/{spec?["resourceAttributes"]?["resource"]?.GetValue<string>()}");
        var allowed = Reviews.IsAllowed(user, verb, target);
        result["status"] = new JsonObject { ["allowed"] = allowed, ["reason"] = allowed ? "allowed by the fake API server" : "" };
        return result;
    }

    private static FakeApiServerRequest? Parse(HttpRequest http)
    {
        var segments = (http.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        string[] rest;
        if (segments is ["api", var v, ..])
        {
            (group, version, rest) = ("", v, segments[2..]);
        }
        else if (segments is ["apis", var g, var v2, ..])
        {
            (group, version, rest) = (g, v2, segments[3..]);
        }
        else
        {
            return null;
        }

        string? @namespace = null;
        if (rest is ["namespaces", _, var third, ..] && !(rest.Length == 3 && third is "status" or "finalize"))
        {
            @namespace = rest[1];
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3)
        {
            return null;
        }

        var plural = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var watch = http.Query["watch"].FirstOrDefault() is "true" or "1";
        var verb = (http.Method, name) switch
        {
            ("GET", null) => watch ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", null) => "create",
            ("PUT", not null) => "update",
            ("PATCH", not null) => "patch",
            ("DELETE", not null) => "delete",
            ("DELETE", null) => "deletecollection",
            _ => "unsupported",
        };
        return new FakeApiServerRequest(
            http.Method, http.Path.Value ?? "", http.QueryString.Value ?? "", http.ContentType, verb, group, version, plural, @namespace, name, subresource);
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static JsonNode Required(JsonNode? body) => body ?? throw FakeApiServerException.BadRequest("the request needs a body");

    private static string PageKey(JsonObject item) =>
        $"{item["metadata"]?["namespace"]?.GetValue<string>()}/{item["metadata"]?["name"]?.GetValue<string>()}";

    private static JsonObject WithVersion(JsonObject desired, JsonObject existing)
    {
        var copy = (JsonObject)desired.DeepClone();
        copy["metadata"]!["resourceVersion"] = existing["metadata"]!["resourceVersion"]!.DeepClone();
        return copy;
    }

    private async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), _stopping.Token);
    }
}
