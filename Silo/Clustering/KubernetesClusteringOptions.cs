namespace Wasmcloud.Silo.Clustering;

/// <summary>Where the Kubernetes membership table lives and which cluster it belongs to.</summary>
public sealed class KubernetesClusteringOptions
{
    public const string SectionName = "Clustering";

    public const string PodNamespaceVariable = "POD_NAMESPACE";
    public const string ServiceIdVariable = "ORLEANS_SERVICE_ID";
    public const string ClusterIdVariable = "ORLEANS_CLUSTER_ID";
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    public const string DefaultNamespace = "default";

    /// <summary>Physical write conflicts (another silo's heartbeat landing first) retried before a write gives up.</summary>
    public const int DefaultMaxWriteAttempts = 8;

    /// <summary>
    /// The namespace holding the <c>MembershipTable</c> object. Unset: <c>POD_NAMESPACE</c>, then the pod's
    /// service-account namespace, then <c>default</c>.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>Overrides Orleans' <c>ClusterOptions.ServiceId</c>; unset: <c>ORLEANS_SERVICE_ID</c> when not blank.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Overrides Orleans' <c>ClusterOptions.ClusterId</c>; unset: <c>ORLEANS_CLUSTER_ID</c> when not blank.</summary>
    public string? ClusterId { get; set; }

    /// <summary>
    /// How often one membership write is tried when the object changed between read and write for reasons that do not
    /// touch Orleans' etags (heartbeats, cleanup). Conflicts on the etags themselves are answered at once.
    /// </summary>
    public int MaxWriteAttempts { get; set; } = DefaultMaxWriteAttempts;

    /// <summary>The namespace from the environment, as a pod sees it.</summary>
    public static string NamespaceFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(PodNamespaceVariable) is { Length: > 0 } fromVariable)
        {
            return fromVariable.Trim();
        }

        return File.Exists(ServiceAccountNamespaceFile) && File.ReadAllText(ServiceAccountNamespaceFile).Trim() is { Length: > 0 } fromFile
            ? fromFile
            : DefaultNamespace;
    }
}
