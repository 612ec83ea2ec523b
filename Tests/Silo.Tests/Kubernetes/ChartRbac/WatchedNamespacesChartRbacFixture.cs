namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

/// <summary><c>operator.watchNamespaces</c> set: workloads granted by a Role in each of the two namespaces, nothing cluster-wide.</summary>
public sealed class WatchedNamespacesChartRbacFixture() : ChartRbacFixture(
    """
    operator:
      watchNamespaces: [team-a, team-b]
    """,
    ["team-a", "team-b"]);
