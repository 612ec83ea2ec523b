namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

/// <summary>
/// <c>operator.watchNamespaces</c> set: workloads granted by a Role in each of the two namespaces, nothing
/// cluster-wide; and a host group in a namespace of its own, whose pods the silo is granted by another Role.
/// </summary>
public sealed class WatchedNamespacesChartRbacFixture() : ChartRbacFixture(
    """
    operator:
      watchNamespaces: [team-a, team-b]
    runtime:
      hostGroups:
        - name: default
          replicas: 3
          http: { enabled: true, port: 9191 }
        - name: edge
          namespace: edge-hosts
          replicas: 2
          http: { enabled: true, port: 8080 }
    """,
    ["team-a", "team-b"],
    hostPodNamespace: "edge-hosts");
