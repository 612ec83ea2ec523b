using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// <c>samples/hello-world.yaml</c> (reference §2.8) exactly as <c>./run.sh</c> loads it: its componentize-js
/// wasi:http component, unmodified, answers over HTTP from both hosts it is spread over.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HelloWorldSampleTests(PlatformFixture fixture)
{
    private const string Sample = "hello-world";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task The_hello_world_sample_answers_from_each_host_it_runs_on()
    {
        await fixture.EnsureLiveHostsAsync(2);
        // Other tests in this collection deploy a variant of the sample under the same name: start from none.
        await Platform.DeleteManifestAndWaitAsync(Sample, Cancellation);

        var yaml = (await File.ReadAllTextAsync(Path.Combine(Fixtures.RepositoryRoot, "samples", "hello-world.yaml"), Cancellation))
            .Replace("@REPO@", Fixtures.RepositoryRoot, StringComparison.Ordinal);
        Assert.Contains(Fixtures.ImageOf(Fixtures.JsHello), yaml, StringComparison.Ordinal);
        await Platform.WriteManifestAsync(Sample, yaml, Cancellation);
        var objects = await Platform.Until(
            () => Platform.GetObjectsAsync(Cancellation),
            o => o.Deployment(Sample)?.IsReady() == true
                && o.WorkloadsOf(Sample) is { Count: 2 } w && w.All(x => x.IsReady())
                && w.Select(x => x.HostId()).Distinct().Count() == 2,
            "the sample's two replicas to be Ready, one on each host",
            TimeSpan.FromMinutes(5));

        foreach (var workload in objects.WorkloadsOf(Sample))
        {
            var host = Platform.LiveHosts.Single(h => h.HostId == workload.HostId());
            var answer = await Platform.GetAsync(host, "localhost", "/", Cancellation);
            Assert.Equal((200, "Hello from wasmCloud on Orleans\n"), (answer.Status, answer.Body));
        }

        await Platform.DeleteManifestAndWaitAsync(Sample, Cancellation);
    }
}
