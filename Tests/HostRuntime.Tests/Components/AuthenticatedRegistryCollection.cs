using Wasmcloud.TestInfrastructure.Oci;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>A registry behind htpasswd basic auth.</summary>
[CollectionDefinition(Name)]
public sealed class AuthenticatedRegistryCollection : ICollectionFixture<AuthenticatedRegistryFixture>
{
    public const string Name = "oci-registry-basic-auth";
}
