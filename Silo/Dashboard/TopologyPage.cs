using System.Text;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Hosting;
using static Wasmcloud.Silo.Dashboard.Html;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>Deployment → ReplicaSets → Workloads → the host each runs on, every box coloured by its Ready condition.</summary>
internal static class TopologyPage
{
    public static string Render(Inventory inventory)
    {
        var html = new StringBuilder("<h1>Topology</h1>");
        html.Append("<h2>Hosts</h2><div id=\"host-strip\">");
        foreach (var host in inventory.Hosts)
        {
            html.Append(HostPill(host));
        }

        if (inventory.Hosts.Count == 0)
        {
            html.Append("<span class=\"muted\">no hosts have registered yet</span>");
        }

        html.Append("</div><h2>Deployments</h2>");
        foreach (var deployment in inventory.Deployments)
        {
            var summary = ObjectSummary.Of(deployment);
            html.Append("<div ").Append(ReadyAttributes(summary.Ready)).Append(" data-kind=\"WorkloadDeployment\" data-name=\"").Append(E(deployment.Name)).Append("\">");
            html.Append("<div class=\"card\"><strong>").Append(E(deployment.Namespace)).Append('/').Append(E(deployment.Name)).Append("</strong> ");
            html.Append("<span class=\"muted\">WorkloadDeployment · ").Append(deployment.Spec.Replicas).Append(" replicas</span> ");
            html.Append(Explanation(summary)).Append("</div>");
            foreach (var replicaSet in inventory.ReplicaSetsOf(deployment))
            {
                AppendReplicaSet(html, inventory, replicaSet);
            }

            html.Append("</div>");
        }

        if (inventory.Deployments.Count == 0)
        {
            html.Append("<p class=\"muted\">no WorkloadDeployments yet</p>");
        }

        if (inventory.UnownedWorkloads.Any())
        {
            html.Append("<h2>Workloads without a ReplicaSet</h2>");
            foreach (var workload in inventory.UnownedWorkloads)
            {
                AppendWorkload(html, inventory, workload);
            }
        }

        return html.ToString();
    }

    private static void AppendReplicaSet(StringBuilder html, Inventory inventory, WorkloadReplicaSet replicaSet)
    {
        var summary = ObjectSummary.Of(replicaSet);
        html.Append("<div class=\"nested\" data-kind=\"WorkloadReplicaSet\" data-name=\"").Append(E(replicaSet.Name)).Append("\">");
        html.Append("<div ").Append(ReadyAttributes(summary.Ready)).Append("><div class=\"card\">").Append(E(replicaSet.Name)).Append(' ');
        var counts = replicaSet.Status?.Replicas;
        html.Append("<span class=\"muted\">WorkloadReplicaSet · ").Append(counts?.Ready ?? 0).Append('/').Append(replicaSet.Spec.Replicas).Append(" ready</span> ");
        html.Append(Explanation(summary)).Append("</div></div>");
        foreach (var workload in inventory.WorkloadsOf(replicaSet))
        {
            AppendWorkload(html, inventory, workload);
        }

        html.Append("</div>");
    }

    private static void AppendWorkload(StringBuilder html, Inventory inventory, Workload workload)
    {
        var summary = ObjectSummary.Of(workload);
        var host = inventory.HostOf(workload.Status?.HostId);
        html.Append("<div class=\"nested\"><div ").Append(ReadyAttributes(summary.Ready))
            .Append(" data-kind=\"Workload\" data-name=\"").Append(E(workload.Name))
            .Append("\" data-host=\"").Append(E(host?.Name ?? "")).Append("\"><div class=\"card\">");
        html.Append("<a href=\"/dashboard/workloads/").Append(Segment(workload.Namespace)).Append('/').Append(Segment(workload.Name)).Append("\">")
            .Append(E(workload.Name)).Append("</a> <span class=\"muted\">Workload on</span> ");
        html.Append(host is null ? "<span class=\"muted\">no host</span>" : HostPill(host)).Append(' ');
        html.Append(Explanation(summary)).Append("</div></div></div>");
    }

    public static string HostPill(Host host)
    {
        var ready = host.Status?.Conditions.Find(ConditionTypes.Ready)?.Status;
        return $"<a href=\"/dashboard/hosts\" data-kind=\"Host\" data-name=\"{E(host.Name)}\" {ReadyAttributes(ready, "pill " + HostReadyClass(ready))}>{E(host.Name)}</a>";
    }

    /// <summary>Why not ready, in one line: the first failing condition's reason and message.</summary>
    public static string Explanation(ObjectSummary summary) =>
        summary.Ready == ConditionStatus.True
            ? "<span class=\"pill ok\">Ready</span>"
            : $"<span class=\"pill {ReadyClass(summary.Ready)}\">{E(summary.Reason ?? "Unknown")}</span> <span class=\"reason\">{E(summary.Message)}</span>";
}
