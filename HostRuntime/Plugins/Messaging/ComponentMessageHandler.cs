using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.HostRuntime.Execution.Internal;

namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>
/// Calls a component's exported <c>wasmcloud:messaging/handler.handle-message</c>: a fresh store and instance per
/// message (as for HTTP with <c>poolSize</c> 0), with the memory ceiling and the request deadline, on a guest thread.
/// </summary>
internal sealed partial class ComponentMessageHandler : IDisposable
{
    private readonly WasmEngine _engine;
    private readonly HostLinker _linker;
    private readonly CompiledWasm _wasm;
    private readonly ComponentExports _exports;
    private readonly IntPtr _handle;
    private readonly MessageHandlerSettings _settings;
    private readonly ILogger _logger;

    private ComponentMessageHandler(WasmEngine engine, CompiledWasm wasm, ComponentExports exports, IntPtr handle, MessageHandlerSettings settings, ILogger logger)
    {
        _engine = engine;
        _linker = engine.LinkerFor(settings.Plugins);
        _wasm = wasm;
        _exports = exports;
        _handle = handle;
        _settings = settings;
        _logger = logger;
    }

    public MessageHandlerSettings Settings => _settings;

    /// <summary>A handler for <paramref name="wasm"/>, or null when it exports no <c>wasmcloud:messaging/handler@0.2.x</c>.</summary>
    public static ComponentMessageHandler? TryCreate(WasmEngine engine, CompiledWasm wasm, MessageHandlerSettings settings, ILogger logger)
    {
        var candidates = wasm.ComponentNames?.Exports.Where(e => e.StartsWith(MessagingInterfaces.Package + "/handler@0.2.", StringComparison.Ordinal))
            ?? [MessagingInterfaces.Handler];
        var exports = new ComponentExports(WasmtimeHandles.Of(wasm.Component!));
        if (exports.FindFirst(candidates, MessagingInterfaces.HandleMessage) is not var (_, index))
        {
            exports.Dispose();
            return null;
        }

        return new ComponentMessageHandler(engine, wasm, exports, index, settings, logger);
    }

    /// <summary>Null when the handler returned ok; otherwise its error, or why the call failed (trap, deadline).</summary>
    public Task<string?> HandleAsync(BrokerMessage message, CancellationToken cancellationToken) =>
        _engine.GuestThreads.Run(() => Serve(message, cancellationToken));

    public void Dispose() => _exports.Dispose();

    private unsafe string? Serve(BrokerMessage message, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            return "the workload is stopping";
        }

        using var store = new ComponentStore(_engine.NativeEngine, _settings.MemoryLimitBytes, _settings.Timeout, cancellation, _engine.Fuel?.Grant);
        var component = _settings.ComponentName;
        store.Host = new WasiContext(
            _settings.Environment,
            line => LogGuestOutput(_settings.WorkloadId, component, "stdout", line),
            line => LogGuestOutput(_settings.WorkloadId, component, "stderr", line));
        store.Plugins = _settings.Plugins;
        ComponentVal argument = default;
        ComponentVal result = default;
        try
        {
            store.Instantiate(_linker, WasmtimeHandles.Of(_wasm.Component!));
            MessagingInterfaces.WriteMessage(&argument, message);
            store.Call(_handle, new ReadOnlySpan<ComponentVal>(&argument, 1), new Span<ComponentVal>(&result, 1));
            if (Vals.ReadResult(&result, out var payload))
            {
                return null;
            }

            return payload is null ? "the handler returned an error" : Vals.ReadString(payload);
        }
        catch (ComponentModelException e)
        {
            return store.Interruption switch
            {
                StoreInterruption.Deadline => $"the handler did not finish within {_settings.Timeout.TotalSeconds:0.###}s",
                StoreInterruption.Cancelled => "the workload is stopping",
                _ => WasmErrors.Summarize(e),
            };
        }
        finally
        {
            // Metered like an HTTP request (--enable-meters): what the message burnt, instantiation included.
            _engine.Fuel?.Record(_settings.WorkloadId, component, store.FuelConsumed);

            // func_call only borrowed the argument; both are ours to free.
            WasmtimeNative.ValDelete(&argument);
            WasmtimeNative.ValDelete(&result);
        }
    }

    [LoggerMessage(EventId = 5821, Level = LogLevel.Information, Message = "Workload {WorkloadId}: component '{Component}' {Stream}: {Line}")]
    private partial void LogGuestOutput(string workloadId, string component, string stream, string line);
}
