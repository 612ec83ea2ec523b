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
    /// function (initialisation) does not trap.
    /// </summary>
    /// <exception cref="InvalidOperationException">It cannot be instantiated or is not a command; the message is one line.</exception>
    public static void Validate(WasmEngine engine, CompiledWasm wasm, WasiCommandSettings settings)
    {
        using var store = CreateStore(engine, settings);
        store.SetEpochDeadline(ulong.MaxValue / 2);
        try
        {
            if (wasm.Module is { } module)
            {
                var instance = engine.Linker.Instantiate(store, module);
                _ = instance.GetAction(StartExport) ?? throw new InvalidOperationException("it exports no _start function: not a WASI command module");
            }
            else
            {
                var instance = engine.InstantiateComponent(store, wasm.Component!);
                _ = FindRun(instance) ?? throw new InvalidOperationException("it exports no wasi:cli/run interface: not a WASI command component");
            }
        }
        catch (WasmtimeException e)
        {
            // Without the Wasmtime error as inner exception: the manager reports the whole chain, backtrace and all.
            throw new InvalidOperationException(WasmErrors.Summarize(e));
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
        var deadline = settings.Timeout is { } timeout ? Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

        // Checked at every epoch tick: cheap, and the only way to stop guest code that never calls the host.
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
