using Wasmcloud.TestInfrastructure.Oci;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>One anonymous plain-HTTP registry shared by the pull tests; each test pushes to repositories of its own.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "oci-registry";
}
