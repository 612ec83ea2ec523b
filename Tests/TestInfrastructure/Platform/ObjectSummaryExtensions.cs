using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>Reading <c>/api/objects</c> the way a user reads <c>kubectl get</c>.</summary>
public static class ObjectSummaryExtensions
{
    public const string WorkloadKind = "Workload";
    public const string WorkloadDeploymentKind = "WorkloadDeployment";
    public const string HostKind = "Host";

    public static ObjectSummary? Deployment(this IEnumerable<ObjectSummary> objects, string name) =>
        objects.FirstOrDefault(o => o.Kind == WorkloadDeploymentKind && o.Name == name);

    /// <summary>The Workloads of a deployment: named <c>&lt;deployment&gt;-&lt;template hash&gt;-&lt;suffix&gt;</c>.</summary>
    public static IReadOnlyList<ObjectSummary> WorkloadsOf(this IEnumerable<ObjectSummary> objects, string deployment) =>
        [.. objects.Where(o => o.Kind == WorkloadKind && o.Name.StartsWith(deployment + "-", StringComparison.Ordinal)
                               && o.Name.Count(c => c == '-') == deployment.Count(c => c == '-') + 2)];

    public static IReadOnlyList<ObjectSummary> HostObjects(this IEnumerable<ObjectSummary> objects) =>
        [.. objects.Where(o => o.Kind == HostKind)];

    public static bool IsReady(this ObjectSummary summary) => summary.Ready == ConditionStatus.True;

    /// <summary>The host a Workload is placed on (<c>status.hostId</c>), if any.</summary>
    public static string? HostId(this ObjectSummary workload) =>
        workload.Status?["hostId"]?.GetValue<string>() is { Length: > 0 } id ? id : null;

    public static Condition? Condition(this ObjectSummary summary, string type) =>
        summary.Conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>Every condition on one line each, for assertion messages.</summary>
    public static string Describe(this ObjectSummary summary) =>
        $"{summary.Kind} {summary.Namespace}/{summary.Name} Ready={summary.Ready}"
        + string.Concat(summary.Conditions.Select(c => $"\n  {c.Type}={c.Status} {c.Reason}: {c.Message}"));
}
