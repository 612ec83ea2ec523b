using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Hosting;

/// <summary>
/// A standalone silo reading a manifest folder, a real nats-server and a real in-process host: once the workload
/// runs, <c>/metrics</c> (loopback, so allowed) shows it — reconciles, a running workload, a ready host, and the NATS
/// round trips that started it.
/// </summary>
public sealed class StandaloneMetricsTests : IAsyncLifetime
{
    private const string HostGroup = "metrics-test";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly NatsServerFixture _nats = new();
    private readonly string _manifests = Directory.CreateTempSubdirectory("metrics-manifests-").FullName;
    private InProcessHostRuntime? _host;

    public async ValueTask InitializeAsync()
    {
        await _nats.InitializeAsync();
        _host = await InProcessHostRuntime.StartAsync(
            _nats.ClientUrl,
            o => o with { HeartbeatInterval = TimeSpan.FromMilliseconds(200), HostGroup = HostGroup },
            services => services.AddSingleton<IWorkloadExecutor, ValidatingWorkloadExecutor>(),
            _ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _nats.DisposeAsync();
        Directory.Delete(_manifests, recursive: true);
    }

    [Fact]
    public async Task Metrics_show_the_reconciles_the_running_workload_the_ready_host_and_the_nats_round_trips()
    {
        await File.WriteAllTextAsync(Path.Combine(_manifests, "metered.yaml"), $"""
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: WorkloadDeployment
            metadata:
              name: metered
              namespace: default
            spec:
              replicas: 1
              template:
                spec:
                  hostSelector:
                    hostgroup: {HostGroup}
                  components:
                    - name: hello
                      image: ghcr.io/wasmcloud/components/hello-world:0.1.0
            """, _ct);
        var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(
        [
            "--standalone", "--manifests", _manifests, $"--Nats:Url={_nats.ClientUrl}",
            $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}", "--urls", "http://127.0.0.1:0",
        ]));
        builder.Logging.ClearProviders();
        builder.AddWasmcloudSilo();
        await using var app = builder.Build();
        app.MapWasmcloudServiceDefaults();
        await app.StartAsync(_ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var store = app.Services.GetRequiredService<IResourceStore>();
        await Eventually.Until(
            async () => (await store.ListAsync<Workload>("default", cancellationToken: _ct)).Any(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true),
            "the workload to run on the host");

        // The census is taken after each reconcile pass, so poll until the pass that saw it Ready has reported.
        IReadOnlyList<PrometheusSample> samples = [];
        await Eventually.Until(
            async () =>
            {
                samples = PrometheusSample.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), _ct));
                return PrometheusSample.Find(samples, "wasmcloud_operator_workloads", ("state", "running")) == 1;
            },
            "the running workload to be counted");

        Assert.True(PrometheusSample.Find(samples, "wasmcloud_operator_reconciles_total", ("kind", "Workload"), ("result", "success")) > 0);
        Assert.True(PrometheusSample.Find(samples, "wasmcloud_operator_reconciles_total", ("kind", "WorkloadDeployment"), ("result", "success")) > 0);
        Assert.Equal(1, PrometheusSample.Find(samples, "wasmcloud_operator_hosts", ("ready", "true")));
        Assert.Equal(0, PrometheusSample.Find(samples, "wasmcloud_operator_workloads", ("state", "pending")));
        Assert.True(PrometheusSample.Find(
            samples, "wasmcloud_operator_nats_request_duration_seconds_count", ("command", Commands.WorkloadStart), ("outcome", "answered")) >= 1);
        await app.StopAsync(_ct);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
