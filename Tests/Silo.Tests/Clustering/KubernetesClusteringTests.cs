using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.Silo.Tests.Clustering;

/// <summary>
/// Whole silos in Kubernetes mode, composed as the chart starts them, finding each other only through the
/// MembershipTable object on the fake API server: they form one Orleans cluster, a stopped silo is recorded dead and
/// the rest carry on, and a new silo joins the survivors. An Orleans client finds the gateways through the same table.
/// </summary>
public sealed class KubernetesClusteringTests : IClassFixture<MembershipTableFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly MembershipTableFixture _fixture;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();
    private readonly string _clusterId = $"c{Guid.NewGuid():N}"[..12];

    public KubernetesClusteringTests(MembershipTableFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Three_silos_form_one_cluster_through_the_api_and_a_stopped_one_is_replaced()
    {
        var kubeconfig = _fixture.Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}"));
        var silos = new List<WebApplication>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await StartSiloAsync(kubeconfig));
            }

            var table = _fixture.Table(_ns, _clusterId);
            await Eventually.Until(async () => (await table.ReadAll()).Members.Count(m => m.Item1.Status == SiloStatus.Active) == 3, "three Active rows in the MembershipTable");
            foreach (var silo in silos)
            {
                await Eventually.Until(() => ActiveSilos(silo) == 3, "every silo to see three active silos");
            }

            var stopped = silos[0];
            var stoppedAddress = stopped.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            await stopped.StopAsync(_ct);
            await stopped.DisposeAsync();
            silos.RemoveAt(0);

            await Eventually.Until(async () => (await table.ReadAll()).TryGet(stoppedAddress)?.Item1.Status == SiloStatus.Dead, "the stopped silo's row to say Dead");
            foreach (var silo in silos)
            {
                await Eventually.Until(() => ActiveSilos(silo) == 2, "the survivors to see two active silos");
            }

            silos.Add(await StartSiloAsync(kubeconfig));
            await Eventually.Until(async () => (await table.ReadAll()).Members.Count(m => m.Item1.Status == SiloStatus.Active) == 3, "the new silo to join the survivors");
            foreach (var silo in silos)
            {
                await Eventually.Until(() => ActiveSilos(silo) == 3, "every silo to see the newcomer");
            }

            // A client with nothing but the API server's address reaches the cluster through the gateways in the table.
            using var client = await StartClientAsync(kubeconfig);
            var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(true, _ct);
            Assert.Equal(3, hosts.Count);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync(_ct);
                await silo.DisposeAsync();
            }

            File.Delete(kubeconfig);
        }
    }

    private static int ActiveSilos(WebApplication silo) =>
        silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    private async Task<WebApplication> StartSiloAsync(string kubeconfig)
    {
        var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(
        [
            "--kubeconfig", kubeconfig, "--Operator:Namespace", _ns, "--watch-namespaces", _ns,
            "--Clustering:ClusterId", _clusterId, "--Clustering:ServiceId", MembershipTableFixture.ServiceId,
            "--Nats:Enabled=false", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--urls", "http://127.0.0.1:0",
        ]));
        builder.Logging.ClearProviders();
        builder.AddWasmcloudSilo();
        var app = builder.Build();
        await app.StartAsync(_ct);
        return app;
    }

    private async Task<IHost> StartClientAsync(string kubeconfig)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<k8s.IKubernetes>(new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)));
        builder.UseOrleansClient(client => client.UseKubernetesClustering(options =>
        {
            options.Namespace = _ns;
            options.ServiceId = MembershipTableFixture.ServiceId;
            options.ClusterId = _clusterId;
        }));
        var host = builder.Build();
        await host.StartAsync(_ct);
        return host;
    }
}
