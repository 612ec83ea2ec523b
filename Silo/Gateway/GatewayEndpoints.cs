namespace Wasmcloud.Silo.Gateway;

/// <summary>The gateway's own endpoints, reached only when the request's host is not a routed name.</summary>
public static class GatewayEndpoints
{
    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";

    public static WebApplication MapWasmcloudGateway(this WebApplication app)
    {
        app.UseMiddleware<GatewayProxyMiddleware>();
        app.MapGet(HealthPath, () => Results.Text("ok\n"));
        app.MapGet(ReadyPath, (GatewayRoutes routes) => routes.HasTable
            ? Results.Text("ready\n")
            : Results.Text("waiting for the first routing table from the silos\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
