using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>
/// The default queue group of a messaging handler: one per deployment, so the replicas of a WorkloadDeployment share
/// each message instead of all receiving it (the reference keys the group by Workload name, which differs per replica).
/// </summary>
/// <remarks>
/// The start command does not carry the deployment's name: it carries the Workload's namespace, name and annotations
/// (labels are not in the protocol). A Workload made by a ReplicaSet is named <c>&lt;deployment&gt;-&lt;rs hash&gt;-
/// &lt;hash&gt;</c> and carries the template-hash annotation, by this operator and by the reference alike, so the
/// deployment is the name without its last two segments. An explicit <c>runtime.wasmcloud.dev/workload-deployment</c>
/// annotation, when an operator sends one, wins. A Workload created on its own is its own group.
/// </remarks>
internal static class QueueGroups
{
    public const string DeploymentAnnotation = "runtime.wasmcloud.dev/workload-deployment";
    public const string TemplateHashAnnotation = "runtime.wasmcloud.dev/workload-replica-set-generation";

    public static string DeploymentOf(Workload workload)
    {
        if (workload.Annotations.TryGetValue(DeploymentAnnotation, out var explicitName) && !string.IsNullOrWhiteSpace(explicitName))
        {
            return explicitName.Trim();
        }

        var name = workload.Name;
        if (workload.Annotations.ContainsKey(TemplateHashAnnotation))
        {
            var replicaSet = name.LastIndexOf('-');
            var deployment = replicaSet > 0 ? name.LastIndexOf('-', replicaSet - 1) : -1;
            if (deployment > 0)
            {
                return name[..deployment];
            }
        }

        return name;
    }

    /// <summary><c>wasmcloud.&lt;namespace&gt;.&lt;deployment&gt;.&lt;component&gt;</c>, with characters NATS forbids replaced.</summary>
    public static string DefaultFor(Workload workload, string component) =>
        string.Join('.', new[] { "wasmcloud", workload.Namespace, DeploymentOf(workload), component }.Select(Token));

    private static string Token(string text)
    {
        var token = string.Concat(text.Select(c => char.IsWhiteSpace(c) || c is '.' or '*' or '>' ? '_' : c));
        return token.Length == 0 ? "_" : token;
    }
}
