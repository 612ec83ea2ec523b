namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

[Collection(AllNamespacesChartRbacCollection.Name)]
public sealed class AllNamespacesChartRbacTests(AllNamespacesChartRbacFixture fixture) : ChartRbacTests(fixture);
