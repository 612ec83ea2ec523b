using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Support;

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control plane";
}
