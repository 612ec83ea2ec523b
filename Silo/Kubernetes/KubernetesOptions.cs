namespace Wasmcloud.Silo.Kubernetes;

/// <summary>How the silo reaches the Kubernetes API and how it watches it.</summary>
public sealed class KubernetesOptions
{
    public const string SectionName = "Kubernetes";

    public static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultWatchIdleTimeout = TimeSpan.FromMinutes(5);
    public const int DefaultListPageSize = 500;

    /// <summary>A kubeconfig file (<c>--kubeconfig</c>). Unset: <c>KUBECONFIG</c>, then <c>~/.kube/config</c>, then the in-cluster service account.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; unset uses the file's current context.</summary>
    public string? Context { get; set; }

    /// <summary>
    /// How long the server is asked to keep one watch open (<c>timeoutSeconds</c>), jittered up to twice that so
    /// informers do not all reconnect at once. Shorter than load-balancer idle resets keeps reconnects orderly.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = DefaultWatchTimeout;

    /// <summary>
    /// A watch silent for this long (no event, no bookmark) is abandoned and reopened from the last version: half-open
    /// connections otherwise hang forever. The API server sends bookmarks about once a minute, so keep this well above.
    /// </summary>
    public TimeSpan WatchIdleTimeout { get; set; } = DefaultWatchIdleTimeout;

    /// <summary>Objects per list page; 0 lists in one response.</summary>
    public int ListPageSize { get; set; } = DefaultListPageSize;
}
