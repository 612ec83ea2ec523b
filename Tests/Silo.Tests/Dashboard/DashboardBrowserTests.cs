using Wasmcloud.Silo.Hosting;
using Wasmcloud.Silo.Tests.EndToEnd;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the real platform (NATS, a standalone silo, two host processes): what an
/// operator sees when the sample is deployed, when a host dies, and when a host refuses a start. Each test writes the
/// screenshot the README shows to <c>docs/img/</c>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardBrowserTests(PlatformFixture fixture)
{
    private const string Sample = "hello-world";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task Topology_shows_the_sample_deployment_its_workloads_and_both_hosts()
    {
        var hosts = await fixture.EnsureLiveHostsAsync(2);
        await DeploySampleAsync();
        var workloads = (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(Sample);

        await BrowserPage.CheckAsync(
            new PageCheck(Page("dashboard/"))
            {
                Selectors =
                [
                    Deployment(ready: true),
                    .. workloads.Select(w => $"[data-kind=\"Workload\"][data-name=\"{w.Name}\"][data-ready=\"True\"]"),
                    .. hosts.Select(h => $"#host-strip [data-kind=\"Host\"][data-name=\"{h.FriendlyName}\"][data-ready=\"True\"]"),
                ],
                Screenshot = "dashboard-topology.png",
            },
            Cancellation);
        await BrowserPage.CheckAsync(
            new PageCheck(Page("dashboard/hosts"))
            {
                Selectors = [.. hosts.Select(h => $"#hosts tr[data-name=\"{h.FriendlyName}\"][data-ready=\"True\"]")],
                Texts = ["hostgroup=default"],
                Screenshot = "dashboard-hosts.png",
            },
            Cancellation);
    }

    [Fact]
    public async Task A_killed_host_turns_red_and_its_workload_shows_on_the_other_host()
    {
        await fixture.EnsureLiveHostsAsync(2);
        await DeploySampleAsync();
        var objects = await Platform.GetObjectsAsync(Cancellation);
        var placed = objects.WorkloadsOf(Sample).Select(w => w.HostId()).ToHashSet();
        var onSample = Platform.LiveHosts.Where(h => placed.Contains(h.HostId)).ToList();
        Assert.True(onSample.Count == 2, $"the sample's two replicas should be spread over two hosts\n{await Platform.DescribeAsync()}");
        var (victim, survivor) = (onSample[0], onSample[1]);
        var victimRed = $"#host-strip [data-kind=\"Host\"][data-name=\"{victim.FriendlyName}\"].bad:not([data-ready=\"True\"])";

        // The page is open before the kill, polling fast: the victim is red only between its missed heartbeats and
        // its TTL, and the browser must see that moment, not guess it.
        await using var page = BrowserPage.Open(new PageCheck(Page("dashboard/?refresh=300"))
        {
            ArmSelectors = [$"[data-kind=\"Workload\"][data-host=\"{victim.FriendlyName}\"][data-ready=\"True\"]"],
            Selectors =
            [
                victimRed,
                $"[data-kind=\"WorkloadDeployment\"][data-name=\"{Sample}\"][data-ready=\"True\"]"
                + $":not(:has([data-kind=\"Workload\"][data-host=\"{victim.FriendlyName}\"]))"
                + $":has([data-kind=\"Workload\"][data-host=\"{survivor.FriendlyName}\"][data-ready=\"True\"])",
            ],
            ScreenshotWhen = (victimRed, "dashboard-failover.png"),
            Timeout = TimeSpan.FromSeconds(60),
        });
        await page.ArmedAsync(Cancellation);
        victim.Kill();
        await page.CompletedAsync(Cancellation);
    }

    [Fact]
    public async Task The_workload_page_shows_why_a_host_refused_the_start()
    {
        const string name = "dashboard-refused";
        await fixture.EnsureLiveHostsAsync(2);
        await Platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, "file:///nonexistent.wasm", "dashboard-refused.e2e.test"), Cancellation);
        try
        {
            var workload = await Platform.Until(
                async () => (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(name),
                w => w.Count == 1,
                $"the Workload of {name}");

            await BrowserPage.CheckAsync(
                new PageCheck(Page($"dashboard/workloads/{workload[0].Namespace}/{workload[0].Name}"))
                {
                    Selectors = ["#workload[data-ready=\"False\"]", "#conditions tr[data-condition=\"Placement\"]"],
                    Texts = ["file not found: /nonexistent.wasm"],
                    Screenshot = "dashboard-workload.png",
                },
                Cancellation);
        }
        finally
        {
            Platform.DeleteManifest(name);
        }
    }

    [Fact]
    public async Task The_Orleans_dashboard_is_served_beside_our_pages_from_embedded_assets()
    {
        await fixture.EnsureLiveHostsAsync(1);

        // The browser has no network beyond loopback, so this also shows the SPA needs no CDN.
        await BrowserPage.CheckAsync(
            new PageCheck(Page("dashboard/orleans/")) { Texts = ["Orleans Dashboard", "Grain Details"], Screenshot = "dashboard-orleans.png" },
            Cancellation);
    }

    private static string Deployment(bool ready) =>
        $"[data-kind=\"WorkloadDeployment\"][data-name=\"{Sample}\"][data-ready=\"{(ready ? "True" : "False")}\"]";

    private Uri Page(string path) => new(Platform.SiloUrl, path);

    /// <summary>The repository's own sample, pointed at the built fixture, as run.sh does; waits until it is Ready on two hosts.</summary>
    private async Task DeploySampleAsync()
    {
        // After a failover both replicas sit on the survivor, and nothing moves them back: start the sample afresh.
        var current = await Platform.GetObjectsAsync(Cancellation);
        if (current.Deployment(Sample) is not null && !IsSpreadOverLiveHosts(current))
        {
            await Platform.DeleteManifestAndWaitAsync(Sample, Cancellation);
        }

        // The pages are under test, not the sample's component: the small hello fixture keeps cold compiles out of it.
        var yaml = System.Text.RegularExpressions.Regex.Replace(
            await File.ReadAllTextAsync(Path.Combine(Fixtures.RepositoryRoot, "samples", "hello-world.yaml"), Cancellation),
            "file://@REPO@/fixtures/out/[A-Za-z0-9._-]+",
            Fixtures.ImageOf(Fixtures.Hello));
        Assert.DoesNotContain("file://@REPO@", yaml, StringComparison.Ordinal);
        await Platform.WriteManifestAsync(Sample, yaml, Cancellation);
        await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            IsSpreadOverLiveHosts,
            $"the {Sample} sample to be Ready with one replica on each of two live hosts");
    }

    private bool IsSpreadOverLiveHosts(IReadOnlyList<ObjectSummary> objects) =>
        objects.Deployment(Sample)?.IsReady() == true
        && objects.WorkloadsOf(Sample) is { Count: 2 } w && w.All(x => x.IsReady())
        && w.Select(x => x.HostId()).Distinct().Count() == 2
        && w.All(x => Platform.LiveHosts.Any(h => h.HostId == x.HostId()));
}
