using System.Text;
using System.Text.Json;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Hosting;

/// <summary>The object status pages (health, readiness and metrics are in <see cref="ServiceDefaults"/>).</summary>
public static class StatusEndpoints
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapWasmcloudEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/objects", async (IResourceStore store, WatchScope scope, CancellationToken cancellationToken) =>
            Results.Json(await ObjectSummary.CollectAsync(store, scope, cancellationToken), s_json));
        endpoints.MapGet("/", async (IResourceStore store, WatchScope scope, CancellationToken cancellationToken) =>
            Results.Text(Table(await ObjectSummary.CollectAsync(store, scope, cancellationToken)), "text/plain; charset=utf-8"));
        return endpoints;
    }

    /// <summary>A <c>kubectl get</c>-like table: KIND NAMESPACE/NAME READY REASON MESSAGE.</summary>
    public static string Table(IReadOnlyList<ObjectSummary> summaries)
    {
        string[] header = ["KIND", "NAMESPACE/NAME", "READY", "REASON", "MESSAGE"];
        var rows = summaries
            .Select(s => new[] { s.Kind, $"{s.Namespace}/{s.Name}", s.Ready, s.Reason ?? "-", OneLine(s.Message) })
            .Prepend(header)
            .ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(column => rows.Max(r => r[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var column = 0; column < widths.Length; column++)
            {
                text.Append(row[column].PadRight(widths[column] + 2));
            }

            text.Append(row[^1]).Append('\n');
        }

        if (summaries.Count == 0)
        {
            text.Append("(no objects yet)\n");
        }

        return text.ToString();
    }

    private static string OneLine(string? message) =>
        string.IsNullOrEmpty(message) ? "-" : message.ReplaceLineEndings(" ");
}
