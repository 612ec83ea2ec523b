using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes;

[CollectionDefinition(Name)]
public sealed class KubernetesControlPlaneCollection : ICollectionFixture<KubernetesControlPlaneFixture>
{
    public const string Name = "kubernetes control plane";
}
