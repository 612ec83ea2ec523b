namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

/// <summary>The chart's defaults: every namespace watched, workloads granted by a ClusterRole.</summary>
public sealed class AllNamespacesChartRbacFixture() : ChartRbacFixture("", ["apps", "team-c"]);
