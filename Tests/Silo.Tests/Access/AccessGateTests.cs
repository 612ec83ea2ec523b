using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Silo.Access;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Access;

/// <summary>
/// The gate in front of <c>/dashboard</c> (and, later, <c>/metrics</c>) as a request pipeline: Kubernetes mode against
/// the fake API server's TokenReview and SubjectAccessReview answers, standalone mode by the client's address.
/// </summary>
public sealed class AccessGateTests(FakeApiServerFixture fixture) : IClassFixture<FakeApiServerFixture>
{
    private const string Ok = "page";

    [Fact]
    public async Task Kubernetes_mode_answers_401_without_a_bearer_token()
    {
        var (status, context) = await SendAsync(KubernetesReviewer(), "/dashboard/", authorization: null);

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task Kubernetes_mode_answers_401_for_a_token_the_cluster_does_not_know()
    {
        var (status, _) = await SendAsync(KubernetesReviewer(), "/dashboard/", "Bearer not-a-token-anyone-issued");

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    [Theory]
    [InlineData(null, "/dashboard/hosts", StatusCodes.Status403Forbidden)]
    [InlineData("/metrics", "/dashboard/", StatusCodes.Status403Forbidden)]
    [InlineData("/dashboard", "/dashboard/orleans/ClusterStats", StatusCodes.Status200OK)]
    public async Task Kubernetes_mode_serves_a_valid_token_only_with_get_on_the_dashboard_url(string? allowedUrl, string path, int expected)
    {
        var token = NewToken(out var user);
        if (allowedUrl is not null)
        {
            fixture.Server.Reviews.Allow(user, "get", allowedUrl);
        }

        var (status, _) = await SendAsync(KubernetesReviewer(), path, $"Bearer {token}");

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task A_polling_dashboard_is_reviewed_once_per_cache_lifetime()
    {
        var token = NewToken(out var user);
        fixture.Server.Reviews.Allow(user, "get", "/dashboard");
        var reviewer = KubernetesReviewer();
        var before = fixture.Server.Reviews.TokenReviews;

        for (var poll = 0; poll < 5; poll++)
        {
            Assert.Equal(StatusCodes.Status200OK, (await SendAsync(reviewer, "/dashboard/", $"Bearer {token}")).Status);
        }

        Assert.Equal(before + 1, fixture.Server.Reviews.TokenReviews);
    }

    [Fact]
    public async Task Paths_outside_the_prefix_are_not_gated()
    {
        var (status, _) = await SendAsync(KubernetesReviewer(), "/healthz", authorization: null);

        Assert.Equal(StatusCodes.Status200OK, status);
    }

    [Theory]
    [InlineData("127.0.0.1", StatusCodes.Status200OK)]
    [InlineData("::1", StatusCodes.Status200OK)]
    [InlineData("::ffff:127.0.0.1", StatusCodes.Status200OK)]
    [InlineData("10.1.2.3", StatusCodes.Status403Forbidden)]
    [InlineData("192.168.0.7", StatusCodes.Status403Forbidden)]
    public async Task Standalone_mode_serves_loopback_clients_only(string address, int expected)
    {
        var (status, _) = await SendAsync(new LoopbackAccessReviewer(), "/dashboard/", authorization: null, IPAddress.Parse(address));

        Assert.Equal(expected, status);
    }

    private KubernetesAccessReviewer KubernetesReviewer() => new(fixture.Client, NullLogger<KubernetesAccessReviewer>.Instance);

    private string NewToken(out string user)
    {
        var token = Guid.NewGuid().ToString("N");
        user = $"system:serviceaccount:monitoring:{token[..8]}";
        fixture.Server.Reviews.AddToken(token, user, "system:serviceaccounts");
        return token;
    }

    /// <summary>Runs one request through <c>UseAccessGate("/dashboard")</c> in front of a page that answers 200.</summary>
    private static async Task<(int Status, HttpContext Context)> SendAsync(IAccessReviewer reviewer, string path, string? authorization, IPAddress? remote = null)
    {
        var services = new ServiceCollection().AddSingleton(reviewer).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseAccessGate("/dashboard");
        app.Run(async context => await context.Response.WriteAsync(Ok));
        var pipeline = app.Build();

        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = remote ?? IPAddress.Loopback;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        await pipeline(context);
        return (context.Response.StatusCode, context);
    }
}
