namespace Wasmcloud.HostRuntime.Tests.Execution;

[CollectionDefinition(Name)]
public sealed class WasmHostCollection : ICollectionFixture<WasmHostFixture>
{
    public const string Name = "wasm-host";
}
