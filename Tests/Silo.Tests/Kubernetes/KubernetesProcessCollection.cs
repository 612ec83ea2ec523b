namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>
/// Tests that start built silos as processes in Kubernetes mode. They run alone: a silo that cannot renew its short
/// Lease on a machine busy with other tests stops itself, which would fail them for the wrong reason.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KubernetesProcessCollection
{
    public const string Name = "kubernetes-processes";
}
