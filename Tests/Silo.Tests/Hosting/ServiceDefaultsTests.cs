using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.TestInfrastructure;

namespace Wasmcloud.Silo.Tests.Hosting;

/// <summary>
/// What a Kubernetes-mode silo serves besides the control plane. <c>/metrics</c> is protected by default, as a
/// kube-rbac-proxy would protect it: the bearer token passes a TokenReview and its user may <c>get</c> the
/// non-resource URL <c>/metrics</c>. Health and readiness are open to the kubelet.
/// </summary>
public sealed class ServiceDefaultsTests(KubernetesModeSilo silo) : IClassFixture<KubernetesModeSilo>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/healthz", "ok\n")]
    [InlineData("/readyz", "ready\n")]
    public async Task Probes_answer_without_a_token(string path, string body)
    {
        using var response = await silo.Http.GetAsync(new Uri(path, UriKind.Relative), _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task Without_a_token_metrics_answer_401()
    {
        using var response = await silo.Http.GetAsync(new Uri("/metrics", UriKind.Relative), _ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_whose_user_may_not_get_metrics_gets_403()
    {
        var token = NewToken(out var user);
        silo.Server.Reviews.Allow(user, "get", "/dashboard");

        using var response = await ScrapeAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_token_whose_user_may_get_metrics_reads_the_operator_and_orleans_metrics()
    {
        var store = silo.App.Services.GetRequiredService<IResourceStore>();
        await store.CreateAsync(TestObjects.Deployment("scraped", @namespace: "apps"), _ct);
        await Eventually.Until(
            async () => (await store.GetAsync<WorkloadDeployment>("apps", "scraped", _ct))?.Status?.Conditions.Count > 0,
            "the deployment to be reconciled");
        var token = NewToken(out var user);
        silo.Server.Reviews.Allow(user, "get", "/metrics");

        // Nothing places the deployment's workload here (no host), so once its grain has run it counts as pending.
        var samples = await Eventually.Until(
            async () =>
            {
                using var response = await ScrapeAsync(token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return PrometheusSample.Parse(await response.Content.ReadAsStringAsync(_ct));
            },
            scraped => PrometheusSample.Find(scraped!, "wasmcloud_operator_workloads", ("state", "pending")) >= 1,
            "a scrape that counts the deployment's workload as pending");

        Assert.True(PrometheusSample.Find(samples, "wasmcloud_operator_reconciles_total", ("kind", "WorkloadDeployment"), ("result", "success")) > 0);
        // The workload's passes end in "retry": nothing fits, so it waits with backoff.
        Assert.True(PrometheusSample.Find(samples, "wasmcloud_operator_reconciles_total", ("kind", "Workload"), ("result", "retry")) > 0);
        Assert.Contains(samples, s => s.Name == "wasmcloud_operator_reconcile_duration_seconds_count" && s.Labels.GetValueOrDefault("kind") == "WorkloadDeployment");
        Assert.Equal(0, PrometheusSample.Find(samples, "wasmcloud_operator_hosts", ("ready", "true")));
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> ScrapeAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return silo.Http.SendAsync(request, _ct);
    }

    private string NewToken(out string user)
    {
        var token = Guid.NewGuid().ToString("N");
        user = $"system:serviceaccount:monitoring:{token[..8]}";
        silo.Server.Reviews.AddToken(token, user, "system:serviceaccounts");
        return token;
    }
}
