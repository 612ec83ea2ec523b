using System.Text;
using Wasmcloud.Grains.Abstractions.Model;
using static Wasmcloud.Silo.Dashboard.Html;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>Every host: readiness, last heartbeat, CPU, memory, workloads and labels.</summary>
internal static class HostsPage
{
    public static string Render(Inventory inventory, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Hosts</h1><table id=\"hosts\"><thead><tr>");
        html.Append("<th>Host</th><th>Ready</th><th>Last heartbeat</th><th>CPU</th><th>Memory used</th><th>Workloads</th><th>Labels</th><th>Version</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var host in inventory.Hosts)
        {
            var ready = host.Status?.Conditions.Find(ConditionTypes.Ready);
            var status = host.Status;
            html.Append("<tr data-kind=\"Host\" data-name=\"").Append(E(host.Name)).Append("\" data-ready=\"").Append(E(ready?.Status ?? ConditionStatus.Unknown)).Append("\">");
            html.Append("<td class=\"").Append(HostReadyClass(ready?.Status)).Append("\"><strong>").Append(E(host.Name)).Append("</strong><br><span class=\"muted\">")
                .Append(E(host.HostId)).Append("</span></td>");
            html.Append("<td>").Append(E(ready?.Status ?? ConditionStatus.Unknown));
            if (ready is { IsTrue: false })
            {
                html.Append("<br><span class=\"reason\">").Append(E(ready.Reason)).Append(": ").Append(E(ready.Message)).Append("</span>");
            }

            html.Append("</td><td>").Append(E(Ago(status?.LastSeen, now))).Append("</td>");
            html.Append("<td>").Append(E(status?.SystemCpuUsage ?? "-")).Append("%</td>");
            html.Append("<td>").Append(status is { SystemMemoryTotal: > 0 }
                ? $"{E(Bytes(status.SystemMemoryTotal - status.SystemMemoryFree))} of {E(Bytes(status.SystemMemoryTotal))}"
                : "-").Append("</td>");
            html.Append("<td>").Append(inventory.WorkloadCountOn(host)).Append("</td><td>");
            foreach (var (key, value) in (host.Metadata.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                html.Append("<span class=\"pill label\">").Append(E(key)).Append('=').Append(E(value)).Append("</span>");
            }

            html.Append("</td><td>").Append(E(status?.Version)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        if (inventory.Hosts.Count == 0)
        {
            html.Append("<p class=\"muted\">no hosts have registered yet</p>");
        }

        return html.ToString();
    }
}
