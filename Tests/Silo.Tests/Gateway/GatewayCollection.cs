namespace Wasmcloud.Silo.Tests.Gateway;

/// <summary>
/// The gateway tests share one platform with a gateway and run alone: they kill hosts and wait for failover, which
/// other process-heavy tests on 2 cores would slow down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayCollection : ICollectionFixture<GatewayPlatformFixture>
{
    public const string Name = "gateway";
}
