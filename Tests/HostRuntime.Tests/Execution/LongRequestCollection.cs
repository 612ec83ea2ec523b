namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>Tests that hold requests open on purpose, on a host whose request deadline is minutes, not a second.</summary>
[CollectionDefinition(Name)]
public sealed class LongRequestCollection : ICollectionFixture<LongRequestHostFixture>
{
    public const string Name = "wasm-host-long-requests";
}
