namespace Wasmcloud.HostRuntime.Tests;

[CollectionDefinition(Name)]
public sealed class HostRuntimeCollection : ICollectionFixture<HostRuntimeFixture>
{
    public const string Name = "host-runtime";
}
