namespace Wasmcloud.HostRuntime.Options;

/// <summary>The <c>--wasm-proposal</c> spellings of <c>wash host</c> and the proposal each one means here.</summary>
public static class WasmProposalNames
{
    public const string ComponentModelAsync = "component-model-async";
    public const string Threads = "threads";

    public static IReadOnlyDictionary<string, WasmProposal> ByName { get; } = new Dictionary<string, WasmProposal>(StringComparer.Ordinal)
    {
        ["gc"] = WasmProposal.Gc,
        ["exception-handling"] = WasmProposal.ExceptionHandling,
        ["wide-arithmetic"] = WasmProposal.WideArithmetic,
        ["tail-call"] = WasmProposal.TailCall,
        ["component-model-map"] = WasmProposal.ComponentModelMap,
    };

    public static string NameOf(WasmProposal proposal) => ByName.First(p => p.Value == proposal).Key;

    /// <exception cref="CommandLineException">Not a proposal name, or <c>component-model-async</c> or <c>threads</c>.</exception>
    public static WasmProposal Parse(string flag, string value)
    {
        var name = value.Trim();
        if (name == ComponentModelAsync)
        {
            throw new CommandLineException(
                $"{flag}: '{ComponentModelAsync}' cannot be enabled on this host: its Wasmtime engine runs with concurrency support " +
                "switched off on purpose (docs/decisions/wasi-http-components.md), which async components need. Remove the proposal.");
        }

        if (name == Threads)
        {
            // Wasmtime's own message would only come at a workload's start, for every module with a shared memory.
            throw new CommandLineException(
                $"{flag}: '{Threads}' cannot be enabled on this host: its engine uses Wasmtime's pooling allocator, which cannot hold " +
                "the shared memories threaded modules need. Remove the proposal.");
        }

        return ByName.TryGetValue(name, out var proposal)
            ? proposal
            : throw new CommandLineException($"{flag}: '{value}' is not one of {string.Join(", ", ByName.Keys)}");
    }
}
