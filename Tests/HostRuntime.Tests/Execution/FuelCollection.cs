namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>Fuel metering is an engine setting, so its tests get a host of their own.</summary>
[CollectionDefinition(Name)]
public sealed class FuelCollection : ICollectionFixture<FuelHostFixture>
{
    public const string Name = "wasm-host-fuel";
}
