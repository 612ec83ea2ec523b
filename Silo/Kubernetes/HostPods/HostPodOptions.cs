namespace Wasmcloud.Silo.Kubernetes.HostPods;

/// <summary>Where host pods run, for the deleted-pod fast path (the reference's <c>-host-namespaces</c>).</summary>
public sealed class HostPodOptions
{
    public const string SectionName = "HostPods";

    /// <summary>Whether a deleted host pod removes its Host at once, instead of after missed heartbeats.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Namespaces whose pods are watched besides the operator namespace, which is always watched.</summary>
    public List<string> Namespaces { get; set; } = [];
}
