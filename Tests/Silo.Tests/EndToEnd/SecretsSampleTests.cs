using System.Collections.Concurrent;
using System.Text;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// <c>samples/secrets.yaml</c> through real processes: a Kubernetes-style Secret reaches the component through the
/// wasmcloud:secrets entry's <c>secretFrom</c>, and its value appears in no line the silo or the hosts print, nor in
/// the status page, the object API or the dashboard's workload page.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretsSampleTests(PlatformFixture fixture)
{
    private const string SecretValue = "sample-s3cret-4c1f9e27";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task The_secrets_sample_reveals_the_secret_from_secretFrom_and_never_shows_the_value()
    {
        await fixture.EnsureLiveHostsAsync(1);
        var printed = new ConcurrentQueue<string>();
        Platform.Silo.OnLine(printed.Enqueue);
        foreach (var live in Platform.LiveHosts)
        {
            live.Process.OnLine(printed.Enqueue);
        }

        var yaml = (await File.ReadAllTextAsync(Path.Combine(Fixtures.RepositoryRoot, "samples", "secrets.yaml"), Cancellation))
            .Replace("@REPO@", Fixtures.RepositoryRoot, StringComparison.Ordinal);
        _ = Fixtures.PathOf(Fixtures.SecretsReveal);
        await Platform.WriteManifestAsync("secrets", yaml, Cancellation);
        var objects = await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.Deployment("secrets-demo")?.IsReady() == true && o.WorkloadsOf("secrets-demo") is { Count: 1 } w && w[0].IsReady(),
            "the secrets sample's Workload to be Ready",
            TimeSpan.FromMinutes(5));
        var workload = objects.WorkloadsOf("secrets-demo")[0];
        var host = Platform.LiveHosts.Single(h => h.HostId == workload.HostId());

        var bytes = Encoding.UTF8.GetBytes(SecretValue);
        var revealed = await Platform.GetAsync(host, "secrets.localhost", "/secret/api-key", Cancellation);
        Assert.Equal((200, $"{bytes.Length} {bytes.Sum(b => b)}"), (revealed.Status, revealed.Body));
        var missing = await Platform.GetAsync(host, "secrets.localhost", "/secret/nope", Cancellation);
        Assert.Equal((404, "not-found"), (missing.Status, missing.Body));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var objectsJson = await http.GetAsync(new Uri(Platform.SiloUrl, "api/objects"), Cancellation);
        using var workloadPage = await http.GetAsync(new Uri(Platform.SiloUrl, $"dashboard/workloads/{workload.Namespace}/{workload.Name}"), Cancellation);
        Assert.True(workloadPage.IsSuccessStatusCode, $"dashboard workload page: {(int)workloadPage.StatusCode}");
        var pages = new[]
        {
            await Platform.GetStatusTableAsync(Cancellation),
            await objectsJson.Content.ReadAsStringAsync(Cancellation),
            await workloadPage.Content.ReadAsStringAsync(Cancellation),
        };
        await Platform.DeleteManifestAndWaitAsync("secrets", Cancellation, "secrets-demo");

        Assert.NotEmpty(printed);
        Assert.DoesNotContain(printed, line => line.Contains(SecretValue, StringComparison.Ordinal));
        Assert.All(pages, page => Assert.DoesNotContain(SecretValue, page, StringComparison.Ordinal));
    }
}
