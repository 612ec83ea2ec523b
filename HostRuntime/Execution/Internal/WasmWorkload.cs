using Wasmcloud.HostRuntime.Workloads;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// A started workload: its compiled components, its routes, its service. Stopping unregisters the routes first (no
/// new requests), interrupts and drains requests in flight, stops the service, then frees what it held.
/// </summary>
internal sealed class WasmWorkload : IRunningWorkload
{
    private readonly IReadOnlyList<CompiledWasm> _compiled;
    private readonly IReadOnlyList<string> _scratchDirectories;
    private readonly CancellationTokenSource _stopping;
    private readonly InflightGate _gate;
    private readonly IReadOnlyList<IDisposable> _owned;

    public WasmWorkload(
        int componentCount,
        IReadOnlyList<CompiledWasm> compiled,
        IReadOnlyList<string> scratchDirectories,
        CancellationTokenSource stopping,
        InflightGate gate,
        IDisposable? routes,
        ServiceSupervisor? service,
        IReadOnlyList<IDisposable>? owned = null)
    {
        _owned = owned ?? [];
        ComponentCount = componentCount;
        _compiled = compiled;
        _scratchDirectories = scratchDirectories;
        _stopping = stopping;
        _gate = gate;
        Routes = routes;
        Service = service;
    }

    public int ComponentCount { get; }

    public Task<string> Failure => Service?.Failure ?? IRunningWorkload.NeverFails;

    public IDisposable? Routes { get; }

    public ServiceSupervisor? Service { get; }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Routes?.Dispose();
        await _stopping.CancelAsync();
        await _gate.CloseAsync().WaitAsync(cancellationToken);
        if (Service is not null)
        {
            await Service.StopAsync(cancellationToken);
            Service.Dispose();
        }

        // Handlers first: they hold native export indexes into the compiled components.
        foreach (var disposable in _owned)
        {
            disposable.Dispose();
        }

        foreach (var compiled in _compiled)
        {
            compiled.Dispose();
        }

        foreach (var directory in _scratchDirectories)
        {
            TryDeleteDirectory(directory);
        }

        _stopping.Dispose();
    }

    internal static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Under the temp directory; the OS cleans what we could not.
        }
    }
}
