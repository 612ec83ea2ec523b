using Microsoft.AspNetCore.Http.Features;
using Wasmcloud.Protocol;

namespace Wasmcloud.HostRuntime.Ingress.Internal;

/// <summary>
/// The HTTP endpoint's pipeline: the request's host picks a workload (reference §5.3). A request no workload claims
/// falls through to the host's own endpoints (<c>/healthz</c>), else 404; see docs/decisions/http-ingress-and-cgi.md.
/// </summary>
internal sealed partial class HostRoutingMiddleware(RequestDelegate next, HostRouter router, ILogger<HostRoutingMiddleware> logger)
{
    public const string HealthPath = "/healthz";

    public async Task InvokeAsync(HttpContext context)
    {
        var host = RequestHost(context);
        if (host is null)
        {
            await WriteTextAsync(context, StatusCodes.Status400BadRequest, "missing Host header\n");
            return;
        }

        var handler = router.Resolve(host);
        if (handler is not null)
        {
            await handler.HandleAsync(context, context.RequestAborted);
            return;
        }

        if (context.Request.Path.Equals(HealthPath, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        LogUnmatched(host);
        await WriteTextAsync(context, StatusCodes.Status404NotFound, $"no workload serves host '{HostNames.Normalize(host)}'\n");
    }

    /// <summary>The Host header, else the authority of an absolute-form request target; null when there is neither.</summary>
    private static string? RequestHost(HttpContext context)
    {
        if (context.Request.Host.HasValue && context.Request.Host.Value.Length > 0)
        {
            return context.Request.Host.Value;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return target is not null && Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Authority.Length > 0 ? uri.Authority : null;
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "No workload serves host '{Host}'")]
    private partial void LogUnmatched(string host);
}
