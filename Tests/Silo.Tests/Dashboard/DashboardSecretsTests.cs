using System.Text;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Tests.EndToEnd;
using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.Silo.Tests.Dashboard;

/// <summary>
/// Whatever the dashboard shows, it never shows a Secret's value or a registry password: not on our pages, not in
/// their live fragments, not in the Orleans dashboard's view of the Workload grain's state.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardSecretsTests(PlatformFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task No_page_shows_a_secret_value_or_a_pull_password()
    {
        const string name = "dashboard-secrets";
        var secretValue = $"opaque-value-{Guid.NewGuid():N}";
        var password = $"pull-password-{Guid.NewGuid():N}";
        await fixture.EnsureLiveHostsAsync(2);
        var manifest = $"{{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{{\"name\":\"{name}-opaque\"}},\"stringData\":{{\"token\":\"{secretValue}\"}}}}\n"
                       + "---\n"
                       + PlatformManifests.DockerConfigSecret($"{name}-pull", "127.0.0.1:9", "dashboard-user", password)
                       + "---\n"
                       + PlatformManifests.HttpDeployment(name, "127.0.0.1:9/e2e/secret:v1", "dashboard-secrets.e2e.test", pullSecret: $"{name}-pull");
        await Platform.WriteManifestAsync(name, manifest, Cancellation);
        try
        {
            // Wait until the host tried the pull with the credentials, so they were resolved and handed out.
            var workload = (await Platform.Until(
                async () => (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(name),
                w => w is [{ } only] && only.Condition(ConditionTypes.Placement) is { Status: ConditionStatus.False },
                $"the Workload of {name} to have tried its start"))[0];

            using var http = new HttpClient { BaseAddress = Platform.SiloUrl, Timeout = TimeSpan.FromSeconds(15) };
            string[] pages =
            [
                "dashboard/",
                "dashboard/hosts",
                $"dashboard/workloads/{workload.Namespace}/{workload.Name}",
                $"dashboard/orleans/GrainState?grainId={Uri.EscapeDataString($"{workload.Namespace}/{workload.Name}")}&grainType=Wasmcloud.Grains.Workloads.WorkloadGrain",
            ];
            string[] forbidden =
            [
                secretValue, password,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(secretValue)), Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
            ];
            foreach (var page in pages)
            {
                foreach (var fragment in new[] { false, true })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, page);
                    if (fragment)
                    {
                        request.Headers.Add("X-Dashboard-Fragment", "1");
                    }

                    using var response = await http.SendAsync(request, Cancellation);
                    var body = await response.Content.ReadAsStringAsync(Cancellation);
                    Assert.True(response.IsSuccessStatusCode, $"GET {page} answered {(int)response.StatusCode}:\n{body}");
                    if (page != "dashboard/hosts")
                    {
                        // Proves the page is about this workload, so the absence below means something.
                        Assert.Contains(workload.Name, body, StringComparison.Ordinal);
                    }

                    foreach (var secret in forbidden)
                    {
                        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
                    }
                }
            }
        }
        finally
        {
            Platform.DeleteManifest(name);
        }
    }
}
