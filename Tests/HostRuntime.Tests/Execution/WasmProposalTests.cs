using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>
/// <c>--wasm-proposal</c> reaches the engine: a module using an instruction of the proposal compiles on an engine
/// started with it, the engine (pooling allocator, concurrency support off) accepting the setting. Wasmtime 50.0.1 has
/// these core proposals on by default already, so the flag pins them rather than unlocking them.
/// </summary>
public sealed class WasmProposalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasm-proposal-").FullName;

    public static TheoryData<string, string> Modules => new()
    {
        { "wide-arithmetic", "(module (func (param i64 i64 i64 i64) (result i64 i64) local.get 0 local.get 1 local.get 2 local.get 3 i64.add128))" },
        { "exception-handling", "(module (tag $e) (func throw $e))" },
        { "gc", "(module (type $s (struct (field i32))) (func (result (ref null $s)) ref.null $s))" },
        { "tail-call", "(module (func $f return_call $f))" },
    };

    private async Task<WasmKind> LoadAsync(string wat, params WasmProposal[] proposals)
    {
        var path = Path.Combine(_folder, Guid.NewGuid() + ".wat");
        await File.WriteAllTextAsync(path, wat, TestContext.Current.CancellationToken);
        var options = new HostRuntimeOptions { CompileCacheDir = Path.Combine(_folder, "cache"), WasmProposals = proposals };
        using var engine = new WasmEngine(options, NullLogger<WasmEngine>.Instance);
        using var compiled = await engine.LoadAsync(path, TestContext.Current.CancellationToken);
        return compiled.Kind;
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task A_module_using_the_proposal_compiles_on_an_engine_started_with_it(string name, string wat)
    {
        var proposal = WasmProposalNames.Parse("--wasm-proposal", name);

        Assert.Equal(WasmKind.Module, await LoadAsync(wat, proposal));
    }

    [Fact]
    public async Task Every_proposal_at_once_builds_an_engine()
    {
        Assert.Equal(WasmKind.Module, await LoadAsync("(module)", [.. WasmProposalNames.ByName.Values]));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
