using Orleans.Dashboard;
using Wasmcloud.Silo.Access;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>
/// The operator dashboard under <c>/dashboard/</c>: our topology, host and workload pages, and the Orleans dashboard
/// at <c>/dashboard/orleans</c>, all behind the same <see cref="AccessGate"/>.
/// </summary>
public static class DashboardEndpoints
{
    public const string Prefix = "/dashboard";
    public const string OrleansPrefix = Prefix + "/orleans";

    public static WebApplication MapWasmcloudDashboard(this WebApplication app)
    {
        app.UseAccessGate(Prefix);
        app.MapOrleansDashboard(OrleansPrefix);

        var pages = app.MapGroup(Prefix);
        pages.MapGet("/", async (HttpContext context, DashboardReader reader, CancellationToken cancellationToken) =>
            Respond(context, "Topology", TopologyPage.Render(await reader.ReadAsync(cancellationToken))));
        pages.MapGet("/hosts", async (HttpContext context, DashboardReader reader, TimeProvider time, CancellationToken cancellationToken) =>
            Respond(context, "Hosts", HostsPage.Render(await reader.ReadAsync(cancellationToken), time.GetUtcNow())));
        pages.MapGet("/workloads/{namespace}/{name}", async (string @namespace, string name, HttpContext context, DashboardReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var workload = await reader.GetWorkloadAsync(@namespace, name, cancellationToken);
            if (workload is null)
            {
                return Respond(context, $"Workload {name}", WorkloadPage.NotFound(@namespace, name), StatusCodes.Status404NotFound);
            }

            var inventory = reader.ReadAsync(cancellationToken);
            var state = reader.GetWorkloadStateAsync(workload, cancellationToken);
            var events = reader.EventsAboutAsync(workload, cancellationToken);
            return Respond(context, $"Workload {name}", WorkloadPage.Render(workload, await inventory, await state, await events, time.GetUtcNow()));
        });
        return app;
    }

    /// <summary>
    /// <c>?refresh=milliseconds</c>: a wall screen may want it slower; the browser tests want it fast enough to see a
    /// dead host's short red moment before the host TTL deletes it.
    /// </summary>
    private static int RefreshOf(HttpContext context) =>
        int.TryParse(context.Request.Query["refresh"], out var milliseconds)
            ? Math.Clamp(milliseconds, 250, 60_000)
            : DashboardLayout.DefaultRefreshMilliseconds;

    /// <summary>The whole page, or only its live fragment when the page's own polling script asks.</summary>
    private static IResult Respond(HttpContext context, string title, string fragment, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.CacheControl = "no-store";
        var body = context.Request.Headers.ContainsKey(DashboardLayout.FragmentHeader) ? fragment : DashboardLayout.Page(title, fragment, RefreshOf(context));
        return Results.Content(body, "text/html; charset=utf-8", statusCode: status);
    }
}
