using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Silo.Gateway;

namespace Wasmcloud.Silo.Tests.Gateway;

/// <summary>
/// The gateway's HTTP pipeline (middleware, YARP forwarder, endpoints) on loopback Kestrel without the Orleans client,
/// in front of two small Kestrel backends that answer with their name and what they received. Tests set the routing
/// table directly through <see cref="Routes"/>.
/// </summary>
public sealed class GatewayProxyFixture : IAsyncLifetime
{
    private WebApplication? _gateway;
    private WebApplication? _fallback;

    public List<WebApplication> Backends { get; } = [];

    public List<string> BackendAddresses { get; } = [];

    public string FallbackAddress { get; private set; } = "";

    /// <summary>An address nothing listens on.</summary>
    public string DeadAddress { get; } = $"127.0.0.1:{TestInfrastructure.Platform.FreePort.Next()}";

    public GatewayRoutes Routes => _gateway!.Services.GetRequiredService<GatewayRoutes>();

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public Uri GatewayUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        foreach (var name in new[] { "backend-a", "backend-b" })
        {
            var (app, address) = await StartBackendAsync(name);
            Backends.Add(app);
            BackendAddresses.Add(address);
        }

        (_fallback, FallbackAddress) = await StartBackendAsync("fallback");

        var builder = WebApplication.CreateSlimBuilder();
        // A line per proxied request would bury the test run's own output.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<GatewayRoutes>();
        builder.Services.AddSingleton(Options.Create(new GatewayModeOptions
        {
            Silos = ["127.0.0.1:1"],
            FallbackEndpoint = $"http://{FallbackAddress}",
            BackendConnectTimeout = TimeSpan.FromSeconds(2),
        }));
        _gateway = builder.Build();
        _gateway.MapWasmcloudGateway();
        await _gateway.StartAsync();
        GatewayUrl = new Uri($"http://{AddressOf(_gateway)}/");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var app in Backends.Append(_fallback).Append(_gateway).OfType<WebApplication>())
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(WebApplication App, string Address)> StartBackendAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // A line per proxied request would bury the test run's own output.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(
            $"{name} host={context.Request.Host.Value} path={context.Request.Path}{context.Request.QueryString} " +
            $"xff={context.Request.Headers["X-Forwarded-For"]} proto={context.Request.Headers["X-Forwarded-Proto"]} " +
            $"xfh={context.Request.Headers["X-Forwarded-Host"]} real={context.Request.Headers["X-Real-IP"]}"));
        await app.StartAsync();
        return (app, AddressOf(app));
    }

    private static string AddressOf(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
}
