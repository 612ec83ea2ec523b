using k8s;
using k8s.Models;

namespace Wasmcloud.TestInfrastructure.Charts;

/// <summary>A Prometheus-operator ServiceMonitor, enough to read it back.</summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public Dictionary<string, object>? Spec { get; set; }
}
