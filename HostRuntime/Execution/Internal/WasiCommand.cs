using System.Diagnostics;
using Wasmtime;
using Wasmtime.Components;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// Runs a WASI command: a core module's <c>_start</c> (preview1) or a component's <c>wasi:cli/run</c> (preview2), in a
/// fresh store with the memory ceiling and a deadline. Guest code is synchronous, so each run gets a thread of its
/// own instead of pinning a thread-pool thread for as long as the guest likes.
/// </summary>
internal static class WasiCommand
{
    private const string StartExport = "_start";

    // wasi:cli/run versions a component may export, newest first; the .NET API looks exports up by exact name.
    private static readonly string[] RunInterfaces = [.. Enumerable.Range(0, 16).Reverse().Select(minor => $"wasi:cli/run@0.2.{minor}")];

    /// <summary>
    /// Instantiates without running the command: imports resolve, memories fit the ceiling and the module's start
    /// function (initialisation) finishes within <see cref="WasiCommandSettings.Timeout"/> without trapping. Null when
    /// all is well, else the reason in one line.
    /// </summary>
    public static Task<string?> ValidateAsync(WasmEngine engine, CompiledWasm wasm, WasiCommandSettings settings, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => Validate(engine, wasm, settings, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static string? Validate(WasmEngine engine, CompiledWasm wasm, WasiCommandSettings settings, CancellationToken cancellationToken)
    {
        using var store = CreateStore(engine, settings);
        SetDeadline(store, settings.Timeout, cancellationToken);
        try
        {
            if (wasm.Module is { } module)
            {
                var instance = engine.Linker.Instantiate(store, module);
                return instance.GetAction(StartExport) is null ? "it exports no _start function: not a WASI command module" : null;
            }

            var component = engine.InstantiateComponent(store, wasm.Component!);
            return FindRun(component) is null ? "it exports no wasi:cli/run interface: not a WASI command component" : null;
        }
        catch (WasmtimeException e) when (e.InnerException is TimeoutException)
        {
            return $"initialisation did not finish within {settings.Timeout?.TotalSeconds:0.###}s";
        }
        catch (WasmtimeException e) when (e.InnerException is OperationCanceledException)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (WasmtimeException e)
        {
            return WasmErrors.Summarize(e);
        }
    }

    public static Task<WasiCommandOutcome> RunAsync(WasmEngine engine, CompiledWasm wasm, WasiCommandSettings settings, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => Run(engine, wasm, settings, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static WasiCommandOutcome Run(WasmEngine engine, CompiledWasm wasm, WasiCommandSettings settings, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new WasiCommandOutcome.Cancelled();
        }

        using var store = CreateStore(engine, settings);
        SetDeadline(store, settings.Timeout, cancellationToken);
        try
        {
            if (wasm.Module is { } module)
            {
                var instance = engine.Linker.Instantiate(store, module);
                var start = instance.GetAction(StartExport);
                if (start is null)
                {
                    return new WasiCommandOutcome.Trapped("it exports no _start function: not a WASI command module");
                }

                start();
                return new WasiCommandOutcome.Exited(0);
            }

            var component = engine.InstantiateComponent(store, wasm.Component!);
            var run = FindRun(component);
            if (run is null)
            {
                return new WasiCommandOutcome.Trapped("it exports no wasi:cli/run interface: not a WASI command component");
            }

            // run: func() -> result; an error result is the component's way of exiting non-zero.
            var result = run.Call();
            return new WasiCommandOutcome.Exited(result is { IsOk: false } ? 1 : 0);
        }
        catch (WasmtimeException e) when (WasmErrors.IsExit(e, out var code))
        {
            return new WasiCommandOutcome.Exited(code);
        }
        catch (WasmtimeException e) when (e.InnerException is TimeoutException)
        {
            return new WasiCommandOutcome.TimedOut();
        }
        catch (WasmtimeException e) when (e.InnerException is OperationCanceledException)
        {
            return new WasiCommandOutcome.Cancelled();
        }
        catch (WasmtimeException e)
        {
            return new WasiCommandOutcome.Trapped(WasmErrors.Summarize(e));
        }
    }

    /// <summary>
    /// Checked at every epoch tick: cheap, and the only way to stop guest code that never calls the host. Throwing
    /// from the callback ends the guest with a Wasmtime error whose inner exception says why.
    /// </summary>
    private static void SetDeadline(Store store, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        store.SetEpochDeadline(1);
        store.SetEpochDeadlineCallback(_ =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException();
            }

            return 1;
        });
    }

    private static Store CreateStore(WasmEngine engine, WasiCommandSettings settings)
    {
        var store = new Store(engine.Engine);
        try
        {
            var wasi = new WasiConfiguration()
                .WithArgs(settings.Arguments)
                .WithEnvironmentVariables(settings.Environment.Select(e => (e.Key, e.Value)));
            if (settings.StandardInputPath is { } stdin)
            {
                wasi.WithStandardInput(stdin);
            }

            if (settings.StandardOutput is { } stdout)
            {
                wasi.WithStandardOutputCallback(stdout);
            }

            if (settings.StandardError is { } stderr)
            {
                wasi.WithStandardErrorCallback(stderr);
            }

            foreach (var preopen in settings.Preopens)
            {
                wasi.WithPreopenedDirectory(preopen.HostPath, preopen.GuestPath, mutable: !preopen.ReadOnly);
            }

            store.SetWasiConfiguration(wasi);
            store.SetLimits(memorySize: settings.MemoryLimitBytes);
            if (engine.Fuel is { } fuel)
            {
                store.Fuel = settings.PerRequestFuel ? fuel.Grant : FuelMeter.Unlimited;
            }

            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static ComponentFunction? FindRun(ComponentInstance instance)
    {
        foreach (var name in RunInterfaces)
        {
            if (instance.GetFunction(name, "run") is { } run)
            {
                return run;
            }
        }

        return null;
    }
}
