namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

[Collection(WatchedNamespacesChartRbacCollection.Name)]
public sealed class WatchedNamespacesChartRbacTests(WatchedNamespacesChartRbacFixture fixture) : ChartRbacTests(fixture);
