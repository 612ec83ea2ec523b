using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>
/// A start request as the operator builds it: the Workload's spec with every config layer already materialised
/// into plain maps, and registry credentials per component name. It carries secrets: never log or store it.
/// </summary>
[GenerateSerializer]
[Alias("wasmcloud.WorkloadStartCommand")]
public sealed record WorkloadStartCommand(
    [property: Id(0)] string WorkloadId,
    [property: Id(1)] string Namespace,
    [property: Id(2)] string Name,
    [property: Id(3)] IReadOnlyDictionary<string, string> Annotations,
    [property: Id(4)] WorkloadSpec Spec,
    [property: Id(5)] IReadOnlyDictionary<string, RegistryCredential> PullCredentials)
{
    /// <summary>The <see cref="PullCredentials"/> key of the service's credentials; components are keyed by their names.</summary>
    public const string ServiceCredentialKey = "<service>";

    public override string ToString() => $"start {Namespace}/{Name} ({WorkloadId})";
}

/// <summary>Plain registry credentials, as the reference puts them in the start request.</summary>
[GenerateSerializer]
[Alias("wasmcloud.RegistryCredential")]
public sealed record RegistryCredential([property: Id(0)] string Username, [property: Id(1)] string Password)
{
    public override string ToString() => $"credential for {Username}";
}
