using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wasmcloud.Silo.Feeding;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Hosting;

/// <summary>
/// The silo as <c>Program.cs</c> composes it in Kubernetes mode (no NATS), against the fake API server, serving HTTP on
/// a free loopback port: for the endpoints every silo has, <c>/metrics</c> above all.
/// </summary>
public sealed class KubernetesModeSilo : IAsyncLifetime
{
    private string? _kubeconfig;

    public FakeApiServer Server { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        Server.InstallWasmcloudCrds();
        _kubeconfig = Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}"));
        var builder = WebApplication.CreateBuilder(SiloCommandLine.Normalize(
        [
            "--kubeconfig", _kubeconfig, "--Operator:Namespace", "ops",
            "--Nats:Enabled=false", $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}", "--urls", "http://127.0.0.1:0",
        ]));
        builder.Logging.ClearProviders();
        builder.AddWasmcloudSilo();
        App = builder.Build();
        App.MapWasmcloudServiceDefaults();
        App.MapWasmcloudEndpoints();
        await App.StartAsync(TestContext.Current.CancellationToken);
        await App.Services.GetRequiredService<ResourceFeeder>().WhenSyncedAsync(TestContext.Current.CancellationToken).WaitAsync(AsyncStreams.Deadline);
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (_kubeconfig is not null)
        {
            File.Delete(_kubeconfig);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
