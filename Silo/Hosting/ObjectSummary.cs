using System.Text.Json;
using System.Text.Json.Nodes;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Hosting;

/// <summary>One reconciled object as the status pages show it: identity, readiness, and why not ready.</summary>
/// <param name="Reason">Of the first condition that is not True (in the kind's evaluation order), else of Ready.</param>
public sealed record ObjectSummary(
    string Kind,
    string Namespace,
    string Name,
    long Generation,
    string Ready,
    string? Reason,
    string? Message,
    IReadOnlyList<Condition> Conditions,
    JsonNode? Status)
{
    private static readonly (Type Type, IReadOnlyList<string> Order)[] s_kinds =
    [
        (typeof(WorkloadDeployment), ConditionTypes.WorkloadDeployment),
        (typeof(WorkloadReplicaSet), ConditionTypes.WorkloadReplicaSet),
        (typeof(Workload), ConditionTypes.Workload),
        (typeof(Host), ConditionTypes.Host),
        (typeof(Artifact), ConditionTypes.ArtifactKind),
    ];

    /// <summary>Every object of the five CRD kinds in <paramref name="scope"/>, in kind order then namespace/name.</summary>
    public static async Task<IReadOnlyList<ObjectSummary>> CollectAsync(IResourceStore store, WatchScope scope, CancellationToken cancellationToken)
    {
        // Within the watched namespaces, not the cluster: in Kubernetes mode the operator is granted only those.
        var summaries = new List<ObjectSummary>();
        summaries.AddRange((await scope.ListAsync<WorkloadDeployment>(store, cancellationToken)).Select(Of));
        summaries.AddRange((await scope.ListAsync<WorkloadReplicaSet>(store, cancellationToken)).Select(Of));
        summaries.AddRange((await scope.ListAsync<Workload>(store, cancellationToken)).Select(Of));
        summaries.AddRange((await scope.ListAsync<Host>(store, cancellationToken)).Select(Of));
        summaries.AddRange((await scope.ListAsync<Artifact>(store, cancellationToken)).Select(Of));
        return summaries;
    }

    public static ObjectSummary Of(KubeObject obj)
    {
        var type = obj.GetType();
        var status = JsonSerializer.SerializeToNode(obj, type, ModelJson.Options)?["status"]?.DeepClone();
        var conditions = status?["conditions"]?.Deserialize<List<Condition>>(ModelJson.Options) ?? [];
        var order = s_kinds.FirstOrDefault(k => k.Type == type).Order ?? [];
        var ready = conditions.Find(ConditionTypes.Ready);
        var explaining = order.Select(conditions.Find).FirstOrDefault(c => c is not null && !c.IsTrue) ?? ready;
        return new ObjectSummary(
            KubeKind.Of(type).Kind,
            obj.Namespace,
            obj.Name,
            obj.Metadata.Generation,
            ready?.Status ?? ConditionStatus.Unknown,
            explaining?.Reason,
            explaining?.Message,
            conditions,
            status);
    }
}
