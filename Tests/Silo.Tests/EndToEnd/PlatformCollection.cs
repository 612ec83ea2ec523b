using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.Silo.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests share one platform and run after the rest of the assembly, alone: they time failover
/// against heartbeats, and six .NET processes starting beside other tests on 2 cores would blur those deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
