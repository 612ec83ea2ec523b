namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>
/// Large-body tests measure the process's memory while they stream, so they run on their own host and after the
/// parallel collections, where no other test's allocations (or compilations) blur the figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeBodyCollection : ICollectionFixture<LongRequestHostFixture>
{
    public const string Name = "wasm-host-large-bodies";
}
