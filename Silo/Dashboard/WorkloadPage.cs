using System.Text;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;
using Wasmcloud.Silo.Hosting;
using static Wasmcloud.Silo.Dashboard.Html;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>
/// One Workload: conditions with reasons, where it runs, the grain's placement decisions and start results, and recent
/// Events. Shows component names and images only: never the start command, config values or pull credentials.
/// </summary>
internal static class WorkloadPage
{
    public static string Render(Workload workload, Inventory inventory, ReconcilerSnapshot? state, IReadOnlyList<KubeEvent> events, DateTimeOffset now)
    {
        var summary = ObjectSummary.Of(workload);
        var host = inventory.HostOf(workload.Status?.HostId);
        var html = new StringBuilder();
        html.Append("<h1 ").Append(ReadyAttributes(summary.Ready)).Append(" id=\"workload\" data-name=\"").Append(E(workload.Name)).Append("\">&nbsp;Workload ")
            .Append(E(workload.Namespace)).Append('/').Append(E(workload.Name)).Append("</h1>");
        html.Append("<div class=\"card\">").Append(TopologyPage.Explanation(summary)).Append("<br>Host: ")
            .Append(host is null ? $"<span class=\"muted\">{E(workload.Status?.HostId ?? "none")}</span>" : TopologyPage.HostPill(host));
        if (workload.Metadata.ControllerOwner is { } owner)
        {
            html.Append(" · owned by ").Append(E(owner.Kind)).Append(' ').Append(E(owner.Name));
        }

        html.Append("<br>Components: ");
        foreach (var component in workload.Spec.Components ?? [])
        {
            html.Append("<span class=\"pill label\">").Append(E(component.Name)).Append(" ← ").Append(E(Redacted(component.Image))).Append("</span>");
        }

        html.Append("</div>");
        AppendConditions(html, summary.Conditions);
        AppendState(html, state);
        AppendEvents(html, events);
        html.Append("<p class=\"muted\">as of ").Append(Time(now)).Append("</p>");
        return html.ToString();
    }

    /// <summary>An image reference without any <c>user:password@</c> part, should someone have written one into it.</summary>
    public static string Redacted(string image) =>
        Uri.TryCreate(image, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? image.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : image;

    public static string NotFound(string @namespace, string name) =>
        $"<h1>Workload {E(@namespace)}/{E(name)}</h1><p class=\"muted\">no such Workload (it may have been replaced or deleted).</p>";

    private static void AppendConditions(StringBuilder html, IReadOnlyList<Condition> conditions)
    {
        html.Append("<h2>Conditions</h2><table id=\"conditions\"><thead><tr><th>Type</th><th>Status</th><th>Reason</th><th>Message</th><th>Since</th></tr></thead><tbody>");
        foreach (var condition in conditions)
        {
            html.Append("<tr data-condition=\"").Append(E(condition.Type)).Append("\"><td class=\"").Append(ReadyClass(condition.Status)).Append("\">")
                .Append(E(condition.Type)).Append("</td><td>").Append(E(condition.Status)).Append("</td><td>").Append(E(condition.Reason))
                .Append("</td><td class=\"reason\">").Append(E(condition.Message)).Append("</td><td>").Append(Time(condition.LastTransitionTime)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendState(StringBuilder html, ReconcilerSnapshot? state)
    {
        html.Append("<h2>Placement decisions and start results</h2>");
        if (state is null)
        {
            html.Append("<p class=\"muted\">the Workload grain did not answer in time</p>");
            return;
        }

        html.Append("<div class=\"card\">Last reconciled ").Append(Time(state.LastReconciledAt))
            .Append(" · failed attempts ").Append(state.FailedAttempts)
            .Append(" · next retry ").Append(Time(state.NextRetryAt));
        if (state.LastError is { Length: > 0 } error)
        {
            html.Append("<br>Last error: <span class=\"reason\" id=\"last-error\">").Append(E(error)).Append("</span>");
        }

        html.Append("</div><table id=\"decisions\"><thead><tr><th>At</th><th>Decision</th><th>Why</th></tr></thead><tbody>");
        foreach (var decision in state.Decisions)
        {
            html.Append("<tr><td>").Append(Time(decision.At)).Append("</td><td>").Append(E(decision.Reason))
                .Append("</td><td class=\"reason\">").Append(E(decision.Message)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendEvents(StringBuilder html, IReadOnlyList<KubeEvent> events)
    {
        html.Append("<h2>Recent Events</h2><table id=\"events\"><thead><tr><th>Last seen</th><th>Type</th><th>Reason</th><th>Count</th><th>Message</th></tr></thead><tbody>");
        foreach (var e in events)
        {
            html.Append("<tr><td>").Append(Time(e.LastTimestamp ?? e.FirstTimestamp)).Append("</td><td class=\"")
                .Append(e.Type == EventTypes.Normal ? "ok" : "wait").Append("\">").Append(E(e.Type)).Append("</td><td>").Append(E(e.Reason))
                .Append("</td><td>").Append(e.Count).Append("</td><td class=\"reason\">").Append(E(e.Message)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }
}
