using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>The silo as <c>dotnet run --project Silo -- --kubeconfig … --Operator:Namespace …</c> composes it, against the fake API server.</summary>
public sealed class KubernetesModeHostingTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_standalone_the_silo_feeds_from_the_api_server_its_kubeconfig_names()
    {
        await using var server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        server.InstallWasmcloudCrds();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}"));
        try
        {
            var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(
            [
                "--kubeconfig", kubeconfig, "--Operator:Namespace", "ops", "--watch-namespaces", "apps",
                "--Nats:Enabled=false", $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}", "--urls", "http://127.0.0.1:0",
            ]));
            builder.Logging.ClearProviders();
            builder.AddWasmcloudSilo();
            await using var app = builder.Build();
            app.MapWasmcloudEndpoints();
            await app.StartAsync(_ct);

            var feeder = app.Services.GetRequiredService<ResourceFeeder>();
            await feeder.WhenSyncedAsync(_ct).WaitAsync(AsyncStreams.Deadline, _ct);
            Assert.IsType<KubernetesResourceStore>(app.Services.GetRequiredService<IResourceStore>());
            Assert.IsType<KubernetesWatchSource>(app.Services.GetRequiredService<IResourceWatchSource>());
            var hostKind = KubeKind.Of<Host>();
            Assert.All(feeder.Informers, i => Assert.Equal(i.Kind == hostKind ? "ops" : "apps", i.Namespace));

            // The loop closes: a deployment applied to the API gets a status written back by its grain.
            var store = app.Services.GetRequiredService<IResourceStore>();
            await store.CreateAsync(TestObjects.Deployment("web", @namespace: "apps"), _ct);
            var deployment = await Eventually.Until(
                () => store.GetAsync<WorkloadDeployment>("apps", "web", _ct),
                d => d?.Status?.Conditions.Count > 0,
                "the deployment to get a status");
            Assert.All(deployment.Status!.Conditions, c => Assert.Equal(deployment.Metadata.Generation, c.ObservedGeneration));
            Assert.Contains(server.Requests, r => r.Verb == "watch" && r.Plural == "hosts" && r.Namespace == "ops");

            await app.StopAsync(_ct);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
