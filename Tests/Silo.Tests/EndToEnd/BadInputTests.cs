using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.TestInfrastructure.Oci;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// Deployments that cannot start, through the whole platform: the user finds the host's own explanation in the
/// Workload's Placement condition (and so in the status table), and the hosts keep serving everything else.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture fixture, RegistryFixture registry, AuthenticatedRegistryFixture authenticatedRegistry)
    : IClassFixture<RegistryFixture>, IClassFixture<AuthenticatedRegistryFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task A_missing_component_file_is_reported_with_the_path()
    {
        const string name = "missing-file";

        var workload = await DeployExpectingErrorAsync(
            name,
            PlatformManifests.HttpDeployment(name, "file:///nonexistent.wasm", "missing-file.e2e.test"),
            $"failed to pull image for component '{name}': file not found: /nonexistent.wasm");

        Assert.Equal(ConditionStatus.True, workload.Condition(ConditionTypes.Config)?.Status);
    }

    [Fact]
    public async Task An_image_the_registry_does_not_have_is_reported_as_not_found()
    {
        const string name = "unknown-image";
        var image = $"{registry.Host}/e2e/does-not-exist:v1";

        await DeployExpectingErrorAsync(
            name,
            PlatformManifests.HttpDeployment(name, image, "unknown-image.e2e.test"),
            $"failed to pull image '{image}': not found (404) from {registry.Host}");
    }

    [Fact]
    public async Task Wrong_registry_credentials_are_reported_as_unauthorized()
    {
        const string name = "wrong-credentials";
        var pushed = await authenticatedRegistry.PushAsync(
            "e2e/hello", "v1", await File.ReadAllBytesAsync(Fixtures.PathOf(Fixtures.Hello), Cancellation), cancellationToken: Cancellation);
        var (username, _) = authenticatedRegistry.Credentials!.Value;
        var manifest = PlatformManifests.DockerConfigSecret($"{name}-pull", authenticatedRegistry.Host, username, "not-the-password")
                       + "---\n"
                       + PlatformManifests.HttpDeployment(name, pushed.Reference, "wrong-credentials.e2e.test", pullSecret: $"{name}-pull");

        await DeployExpectingErrorAsync(name, manifest, $"failed to pull image '{pushed.Reference}': unauthorized (401) from {authenticatedRegistry.Host}");
    }

    [Fact]
    public async Task A_component_that_traps_while_starting_is_reported_with_the_trap()
    {
        const string name = "init-trap";

        await DeployExpectingErrorAsync(
            name,
            PlatformManifests.HttpDeployment(name, Fixtures.ImageOf(Fixtures.InitTrap), "init-trap.e2e.test"),
            $"component '{name}' failed to instantiate: wasm trap: wasm `unreachable` instruction executed");
    }

    [Fact]
    public async Task A_failing_workload_is_retried_with_fresh_starts_not_taken_for_running()
    {
        const string name = "retried";
        var hosts = await fixture.EnsureLiveHostsAsync(2);
        var failure = $"failed to start: failed to pull image for component '{name}'";
        int Failures() => hosts.Sum(h => h.Process.Lines().Count(line => line.Contains(failure, StringComparison.Ordinal)));

        await Platform.WriteManifestAsync(name, PlatformManifests.HttpDeployment(name, "file:///nonexistent-retried.wasm", "retried.e2e.test"), Cancellation);

        // Two hosts, so the third attempt goes back to a host that already refused: a host keeps a failed start
        // under its ID, and only a real new start (not "already exists") gives the workload a new chance there.
        await Platform.Until(() => Task.FromResult(Failures()), count => count >= 3, $"three failed starts of {name}");
        var repeats = hosts.SelectMany(h => h.Process.Lines()).Where(line => line.Contains("already exists; start ignored", StringComparison.Ordinal)).ToList();
        Assert.True(repeats.Count == 0, $"starts answered 'already exists' while {name} was retried:\n{string.Join('\n', repeats.Take(5))}\n{await Platform.DescribeAsync()}");

        await Platform.DeleteManifestAndWaitAsync(name, Cancellation);
    }

    /// <summary>
    /// Deploys the steady deployment and then <paramref name="manifest"/>; waits for <paramref name="hostMessage"/> in
    /// the bad Workload's Placement condition while checking the steady one still answers; then deletes the bad one.
    /// </summary>
    private async Task<ObjectSummary> DeployExpectingErrorAsync(string name, string manifest, string hostMessage)
    {
        await fixture.EnsureLiveHostsAsync(2);
        var steady = new SteadyDeployment(Platform);
        var steadyHosts = await steady.EnsureServingAsync(Cancellation);

        await Platform.WriteManifestAsync(name, manifest, Cancellation);
        var workloads = await Platform.Until(
            async () =>
            {
                await steady.AssertServingAsync(steadyHosts, $"while {name} was failing", Cancellation);
                return (await Platform.GetObjectsAsync(Cancellation)).WorkloadsOf(name);
            },
            w => w is [{ } only] && only.Condition(ConditionTypes.Placement) is { Status: ConditionStatus.False } placement
                 && placement.Message?.Contains(hostMessage, StringComparison.Ordinal) == true,
            $"the Placement condition of {name}'s Workload to carry \"{hostMessage}\"");

        // What the status table shows: not Ready, and the first failing condition's message is the host's explanation.
        var workload = Assert.Single(workloads);
        Assert.Equal(ConditionStatus.False, workload.Ready);
        Assert.Contains(hostMessage, workload.Message, StringComparison.Ordinal);
        Assert.False((await Platform.GetObjectsAsync(Cancellation)).Deployment(name)?.IsReady());

        await Platform.DeleteManifestAndWaitAsync(name, Cancellation);
        await steady.AssertServingAsync(steadyHosts, $"after {name} was deleted", Cancellation);
        return workload;
    }
}
