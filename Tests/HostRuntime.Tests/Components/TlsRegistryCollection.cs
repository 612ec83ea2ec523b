using Wasmcloud.TestInfrastructure.Oci;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>A registry over HTTPS whose certificate only the fixture's CA vouches for.</summary>
[CollectionDefinition(Name)]
public sealed class TlsRegistryCollection : ICollectionFixture<TlsRegistryFixture>
{
    public const string Name = "oci-registry-tls";
}
