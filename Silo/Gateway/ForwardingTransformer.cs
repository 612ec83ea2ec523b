using Yarp.ReverseProxy.Forwarder;

namespace Wasmcloud.Silo.Gateway;

/// <summary>
/// Copies the request as YARP does by default, but keeps the client's Host header (hosts route by it) and adds
/// <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> and <c>X-Real-IP</c>, as the reference gateway did.
/// </summary>
public sealed class ForwardingTransformer : HttpTransformer
{
    public static ForwardingTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        proxyRequest.Headers.Host = request.Host.Value;

        var client = httpContext.Connection.RemoteIpAddress?.ToString();
        if (client is not null)
        {
            var earlier = request.Headers["X-Forwarded-For"].ToString();
            proxyRequest.Headers.Remove("X-Forwarded-For");
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", earlier.Length > 0 ? $"{earlier}, {client}" : client);
            proxyRequest.Headers.Remove("X-Real-IP");
            proxyRequest.Headers.TryAddWithoutValidation("X-Real-IP", client);
        }

        proxyRequest.Headers.Remove("X-Forwarded-Proto");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        proxyRequest.Headers.Remove("X-Forwarded-Host");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
    }
}
