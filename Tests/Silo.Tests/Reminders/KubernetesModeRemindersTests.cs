using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>The silo as the chart runs it (Kubernetes mode, NATS on) keeps its grains' reminders in JetStream.</summary>
[Collection(ReminderNatsCollection.Name)]
public sealed class KubernetesModeRemindersTests(NatsServerFixture nats)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deployments_reconcile_reminder_is_stored_in_the_jetstream_bucket()
    {
        await using var server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        server.InstallWasmcloudCrds();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}"));
        var bucket = $"silo-{Guid.NewGuid():N}";
        try
        {
            var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(
            [
                "--kubeconfig", kubeconfig, "--Operator:Namespace", "ops", "--watch-namespaces", "apps",
                "--Nats:Url", nats.ClientUrl, "--Reminders:JetStream:Bucket", bucket,
                $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}", "--urls", "http://127.0.0.1:0",
            ]));
            builder.Logging.ClearProviders();
            builder.AddWasmcloudSilo();
            await using var app = builder.Build();
            await app.StartAsync(_ct);
            Assert.IsType<JetStreamReminderTable>(app.Services.GetRequiredService<IReminderTable>());

            var store = app.Services.GetRequiredService<IResourceStore>();
            await store.CreateAsync(TestObjects.Deployment("web", @namespace: "apps"), _ct);
            await Eventually.Until(
                () => store.GetAsync<WorkloadDeployment>("apps", "web", _ct),
                d => d?.Status?.Conditions.Count > 0,
                "the deployment grain to write a status");

            // Read back through a table of our own, as another silo of the same service would.
            var serviceId = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            await using var table = ReminderTables.Create(nats.ClientUrl, serviceId, o => o.Bucket = bucket);
            var rows = await Eventually.Until(
                async () => (await table.ReadRows(0, 0, _ct)).Reminders,
                r => r?.Any(row => row.GrainId.ToString() == "workloaddeployment/apps/web") == true,
                "the deployment grain's reminder in the bucket");
            Assert.All(rows, row => Assert.Equal("reconcile", row.ReminderName));

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
