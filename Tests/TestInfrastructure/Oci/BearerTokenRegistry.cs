using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wasmcloud.TestInfrastructure.Oci;

/// <summary>
/// Docker Hub-style token auth in front of a <see cref="RegistryFixture"/>: <c>/v2/…</c> answers 401 with
/// <c>WWW-Authenticate: Bearer realm=…,service=…,scope=…</c> until a token from <c>/token</c> is presented, then
/// forwards reads to the real registry. The token service can demand basic credentials, as private repositories do.
/// distribution's own token auth needs signed JWTs and a key bundle; this keeps the test about the client's dance.
/// </summary>
public sealed class BearerTokenRegistry : IAsyncDisposable
{
    public const string Service = "bearer-token-registry";

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _upstreamBase;
    private readonly (string Username, string Password)? _required;
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _scopes = new();
    private int _tokenRequests;

    private BearerTokenRegistry(WebApplication app, RegistryFixture upstream, (string, string)? requiredCredentials)
    {
        _app = app;
        _required = requiredCredentials;
        _upstreamBase = upstream.BaseUri;
        _upstream = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        if (upstream.Credentials is var (user, password))
        {
            _upstream.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    /// <summary>The registry's name in image references: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Host { get; private set; } = "";

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>The scopes tokens were asked for, in order.</summary>
    public IReadOnlyCollection<string> RequestedScopes => _scopes;

    /// <summary>Starts on a free loopback port; with <paramref name="requiredCredentials"/> the token service refuses anyone else.</summary>
    public static async Task<BearerTokenRegistry> StartAsync(RegistryFixture upstream, (string Username, string Password)? requiredCredentials = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var registry = new BearerTokenRegistry(app, upstream, requiredCredentials);
        app.Run(registry.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        registry.Host = new Uri(address).Authority;
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        return path == "/token" ? IssueTokenAsync(context) : path.StartsWith("/v2/", StringComparison.Ordinal) ? ForwardAsync(context, path) : NotFound(context);
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var scope = context.Request.Query["scope"].ToString();
        _scopes.Enqueue(scope);
        if (_required is var (user, password))
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"token\"";
                return;
            }
        }

        var token = Guid.NewGuid().ToString("N");
        _tokens[token] = scope;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"token":"{{token}}","expires_in":300}""");
    }

    private async Task ForwardAsync(HttpContext context, string path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            // /v2/<repository>/(manifests|blobs)/<reference>: the repository is everything before the last two segments.
            var segments = path["/v2/".Length..].Split('/');
            var repository = string.Join('/', segments.Take(Math.Max(0, segments.Length - 2)));
            var scope = repository.Length > 0 ? $",scope=\"repository:{repository}:pull\"" : "";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{Host}/token\",service=\"{Service}\"{scope}";
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_upstreamBase, path + context.Request.QueryString));
        foreach (var accept in context.Request.Headers.Accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _upstream.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var digest))
        {
            context.Response.Headers["Docker-Content-Digest"] = digest.First();
        }

        var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
