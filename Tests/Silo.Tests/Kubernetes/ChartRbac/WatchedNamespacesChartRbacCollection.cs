namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

/// <summary>Runs alone, like <see cref="KubernetesProcessCollection"/>: its silo holds a short Lease.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WatchedNamespacesChartRbacCollection : ICollectionFixture<WatchedNamespacesChartRbacFixture>
{
    public const string Name = "chart rbac, watched namespaces";
}
