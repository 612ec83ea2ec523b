using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Wasmcloud.Protocol;
using Yarp.ReverseProxy.Forwarder;

namespace Wasmcloud.Silo.Gateway;

/// <summary>
/// The gateway's request path: the Host header picks the name, the table gives the hosts running a Ready replica,
/// one is picked at random and the request is forwarded to it with YARP. A name nobody claims gets the fallback
/// endpoint or 404 (the gateway's own <c>/healthz</c> and <c>/readyz</c> answer only then); a claimed name with no
/// ready backend gets 503; a backend that fails gets 502 from YARP.
/// </summary>
public sealed partial class GatewayProxyMiddleware : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly GatewayRoutes _routes;
    private readonly IHttpForwarder _forwarder;
    private readonly ILogger<GatewayProxyMiddleware> _logger;
    private readonly HttpMessageInvoker _client;
    private readonly string? _fallback;
    private readonly ForwarderRequestConfig _requestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(2) };

    public GatewayProxyMiddleware(
        RequestDelegate next, GatewayRoutes routes, IHttpForwarder forwarder, IOptions<GatewayModeOptions> options, ILogger<GatewayProxyMiddleware> logger)
    {
        _next = next;
        _routes = routes;
        _forwarder = forwarder;
        _logger = logger;
        _fallback = string.IsNullOrEmpty(options.Value.FallbackEndpoint) ? null : options.Value.FallbackEndpoint;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = options.Value.BackendConnectTimeout,
            // Host pods come and go with their workloads: do not keep connections to them long.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        });
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.HasValue ? context.Request.Host.Value : null;
        if (string.IsNullOrWhiteSpace(host))
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, "missing Host header\n");
            return;
        }

        var backends = _routes.BackendsFor(host);
        if (backends is null)
        {
            if (context.Request.Path.Equals(GatewayEndpoints.HealthPath, StringComparison.Ordinal)
                || context.Request.Path.Equals(GatewayEndpoints.ReadyPath, StringComparison.Ordinal))
            {
                await _next(context);
            }
            else if (_fallback is not null)
            {
                await ForwardAsync(context, _fallback, host);
            }
            else
            {
                await WriteTextAsync(context, StatusCodes.Status404NotFound, $"no workload serves host '{HostNames.Normalize(host)}'\n");
            }

            return;
        }

        if (backends.Count == 0)
        {
            await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, $"no ready backend for host '{HostNames.Normalize(host)}'\n");
            return;
        }

        var backend = backends.Count == 1 ? backends[0] : backends[Random.Shared.Next(backends.Count)];
        await ForwardAsync(context, $"http://{backend}", host);
    }

    public void Dispose() => _client.Dispose();

    private async Task ForwardAsync(HttpContext context, string destination, string host)
    {
        var error = await _forwarder.SendAsync(context, destination, _client, _requestConfig, ForwardingTransformer.Instance);
        if (error != ForwarderError.None)
        {
            LogForwardFailed(_logger, host, destination, error, context.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? "");
        }
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    [LoggerMessage(EventId = 820, Level = LogLevel.Warning, Message = "Forwarding a request for {Host} to {Destination} failed: {Error} {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, string host, string destination, ForwarderError error, string reason);
}
