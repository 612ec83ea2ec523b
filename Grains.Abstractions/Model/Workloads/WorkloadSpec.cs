using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>What a Workload runs and where it may run (<c>WorkloadSpec</c> of the CRDs).</summary>
[GenerateSerializer]
[Alias("wasmcloud.WorkloadSpec")]
public sealed class WorkloadSpec
{
    [Id(0)][JsonPropertyName("hostSelector")] public Dictionary<string, string>? HostSelector { get; set; }
    [Id(1)][JsonPropertyName("hostId")] public string? HostId { get; set; }
    [Id(2)][JsonPropertyName("environment")] public string? Environment { get; set; }
    [Id(3)][JsonPropertyName("components")] public List<WorkloadComponent>? Components { get; set; }
    [Id(4)][JsonPropertyName("hostInterfaces")][MaxLength(64)]
    [CelRule(
        "self.all(a, self.exists_one(b, a.namespace == b.namespace && a.package == b.package && (has(a.name) ? a.name : '') == (has(b.name) ? b.name : '') && (has(a.version) ? a.version : '') == (has(b.version) ? b.version : '')))",
        "hostInterfaces must not repeat a namespace, package, name and version")]
    [CelRule(
        "self.all(a, (has(a.name) && a.name != '') || self.filter(b, b.namespace == a.namespace && b.package == a.package && (!has(b.name) || b.name == '')).size() == 1)",
        "hostInterfaces may have at most one entry without a name per namespace:package")]
    public List<HostInterface>? HostInterfaces { get; set; }
    [Id(5)][JsonPropertyName("service")] public WorkloadService? Service { get; set; }
    [Id(6)][JsonPropertyName("volumes")] public List<Volume>? Volumes { get; set; }
    [Id(7)][JsonPropertyName("kubernetes")] public KubernetesSpec? Kubernetes { get; set; }

    [JsonIgnore]
    public string? ServiceName => Kubernetes?.Service?.Name is { Length: > 0 } name ? name : null;
}
