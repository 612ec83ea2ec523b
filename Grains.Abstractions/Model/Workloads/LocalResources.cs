using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.LocalResources")]
public sealed class LocalResources
{
    [Id(0)][JsonPropertyName("volumeMounts")] public List<VolumeMount>? VolumeMounts { get; set; }
    [Id(1)][JsonPropertyName("environment")] public ConfigLayer? Environment { get; set; }
    [Id(2)][JsonPropertyName("config")] public Dictionary<string, string>? Config { get; set; }

    /// <summary>Egress allowlist: <c>*</c>, <c>host[:port]</c>, <c>scheme://host[:port][/]</c>, <c>*.suffix[:port]</c>, <c>scheme://*.suffix[:port][/]</c>. Empty denies all.</summary>
    [Id(3)][JsonPropertyName("allowedHosts")] public List<string>? AllowedHosts { get; set; }

    [Id(4)][JsonPropertyName("allowedIpNameLookups")] public List<string>? AllowedIpNameLookups { get; set; }
    [Id(5)][JsonPropertyName("allowedHostLoopbackPorts")] public List<string>? AllowedHostLoopbackPorts { get; set; }
}
