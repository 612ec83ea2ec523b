using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.HostRuntime.Ingress;
using Wasmcloud.HostRuntime.Plugins;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>What a <see cref="ComponentHttpHandler"/> needs to know about its component, fixed at workload start.</summary>
internal sealed record ComponentHandlerSettings
{
    public required string WorkloadId { get; init; }

    public required string ComponentName { get; init; }

    /// <summary>The component's <c>localResources.environment</c>, for <c>wasi:cli/environment</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public required long MemoryLimitBytes { get; init; }

    /// <summary>The request deadline (<c>--request-timeout</c>).</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Where outgoing HTTP may go (<c>localResources.allowedHosts</c>).</summary>
    public EgressPolicy Egress { get; init; } = EgressPolicy.DenyAll;

    /// <summary>The host plugins' state for this component (keyvalue, messaging).</summary>
    public ComponentPlugins Plugins { get; init; } = ComponentPlugins.None;
}

/// <summary>
/// Serves HTTP with a wasi:http proxy component (reference §5.2 step 5): every request gets a fresh store and instance
/// (the ephemeral policy of <c>poolSize</c> 0) with the memory ceiling and the request deadline, and the component's
/// exported <c>wasi:http/incoming-handler.handle</c> is called with the request and a response-outparam. Bodies stream
/// both ways while the guest runs. A trap answers 500, the deadline 504, unless the response has begun, in which case
/// the connection is aborted so the client never mistakes a cut body for a whole one. The store is discarded after
/// every request, so a trapped (poisoned) instance never serves another.
/// </summary>
internal sealed partial class ComponentHttpHandler : IWorkloadHttpHandler, IDisposable
{
    private readonly WasmEngine _engine;
    private readonly CompiledWasm _wasm;
    private readonly ComponentExports _exports;
    private readonly IntPtr _handle;
    private readonly ComponentHandlerSettings _settings;
    private readonly OutgoingHttp _outgoing;
    private readonly InflightGate _gate;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    private ComponentHttpHandler(
        WasmEngine engine,
        CompiledWasm wasm,
        ComponentExports exports,
        IntPtr handle,
        ComponentHandlerSettings settings,
        InflightGate gate,
        ILogger logger,
        CancellationToken stopping)
    {
        _engine = engine;
        _wasm = wasm;
        _exports = exports;
        _handle = handle;
        _settings = settings;
        _outgoing = new OutgoingHttp(settings.Egress);
        _gate = gate;
        _logger = logger;
        _stopping = stopping;
    }

    /// <summary>The <c>wasi:http/incoming-handler</c> version the component exports, e.g. <c>…@0.2.10</c>.</summary>
    public string HandlerInterface { get; private init; } = "";

    /// <summary>Requests of the workload in flight (for tests).</summary>
    internal int InFlight => _gate.Count;

    /// <summary>A handler for <paramref name="wasm"/>, or null when it exports no <c>wasi:http/incoming-handler</c>.</summary>
    public static ComponentHttpHandler? TryCreate(
        WasmEngine engine,
        CompiledWasm wasm,
        ComponentHandlerSettings settings,
        InflightGate gate,
        ILogger logger,
        CancellationToken stopping)
    {
        // The exact exported version when the binary says (Wasmtime's lookup would also find @0.2.10 under @0.2.15).
        var candidates = wasm.ComponentNames?.Exports.Where(e => e.StartsWith(WasiHttpInterfaces.IncomingHandler + "@0.2.", StringComparison.Ordinal))
            ?? WasiHttpInterfaces.IncomingHandlerVersions;
        var exports = new ComponentExports(WasmtimeHandles.Of(wasm.Component!));
        if (exports.FindFirst(candidates, "handle") is not var (name, index))
        {
            exports.Dispose();
            return null;
        }

        return new ComponentHttpHandler(engine, wasm, exports, index, settings, gate, logger, stopping) { HandlerInterface = name };
    }

    /// <summary>
    /// Instantiates once without serving, within the request deadline: every import resolves against the C# WASI and
    /// wasi:http interfaces and memories fit the ceiling. Null when all is well, else the reason in one line.
    /// </summary>
    public Task<string?> ValidateAsync(CancellationToken cancellationToken) =>
        _engine.GuestThreads.Run(
            () =>
            {
                // Wasmtime's own message for a missing interface names a function in it, not the interface.
                if (_wasm.ComponentNames is { } names && _engine.WasiHttpLinker.MissingImports(names.Imports) is { Count: > 0 } missing)
                {
                    return $"it imports {string.Join(", ", missing)}, which this host does not provide";
                }

                using var store = NewStore(cancellationToken);
                try
                {
                    store.Instantiate(_engine.WasiHttpLinker, WasmtimeHandles.Of(_wasm.Component!));
                    return null;
                }
                catch (ComponentModelException e)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return WasmErrors.Summarize(e);
                }
            });

    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!_gate.TryEnter())
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "workload is stopping", cancellationToken);
            return;
        }

        try
        {
            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);

            // Guest code is synchronous and may run until the deadline: a guest thread, never a pool thread.
            var outcome = await _engine.GuestThreads.Run(() => Serve(context, invocation.Token));
            await RespondAsync(context, outcome, cancellationToken);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public void Dispose()
    {
        _exports.Dispose();
        _outgoing.Dispose();
    }

    private ComponentStore NewStore(CancellationToken cancellation) =>
        new(_engine.NativeEngine, _settings.MemoryLimitBytes, _settings.Timeout, cancellation);

    private unsafe Outcome Serve(HttpContext context, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Cancelled);
        }

        using var store = NewStore(cancellation);
        var component = _settings.ComponentName;
        var state = new HttpRequestContext(
            context,
            _outgoing,
            _settings.Environment,
            line => LogGuestOutput(_settings.WorkloadId, component, "stdout", line),
            line => LogGuestOutput(_settings.WorkloadId, component, "stderr", line),
            store.Interrupt);
        store.Host = state;
        store.Plugins = _settings.Plugins;
        try
        {
            store.Instantiate(_engine.WasiHttpLinker, WasmtimeHandles.Of(_wasm.Component!));
            var args = stackalloc ComponentVal[2];
            store.WriteOwn(&args[0], WasiResourceTypes.IncomingRequest, state.NewIncomingRequest());
            store.WriteOwn(&args[1], WasiResourceTypes.ResponseOutparam, new ResponseOutparam());
            try
            {
                store.Call(_handle, new ReadOnlySpan<ComponentVal>(args, 2), []);
            }
            finally
            {
                // func_call only borrowed the arguments: the handles (now the guest's) are ours to free.
                WasmtimeNative.ResourceAnyDelete((IntPtr)args[0].Pointer);
                WasmtimeNative.ResourceAnyDelete((IntPtr)args[1].Pointer);
            }
        }
        catch (ComponentModelException e)
        {
            return store.Interruption switch
            {
                StoreInterruption.Deadline => new Outcome(OutcomeKind.TimedOut),
                StoreInterruption.Cancelled => new Outcome(OutcomeKind.Cancelled),
                _ when store.Fault is GuestExitException exit => new Outcome(OutcomeKind.Failed, exit.Message),
                _ => new Outcome(OutcomeKind.Failed, WasmErrors.Summarize(e)),
            };
        }

        // Read before the store (and with it every resource) goes.
        if (state.ResponseError is { } error)
        {
            return new Outcome(OutcomeKind.Failed, $"it answered with error code {error}");
        }

        if (state.Response is null)
        {
            return new Outcome(OutcomeKind.Failed, "it returned without setting a response");
        }

        return state.ResponseBody is { IsFinished: false }
            ? new Outcome(OutcomeKind.Incomplete, "it did not finish the response body")
            : new Outcome(OutcomeKind.Completed);
    }

    private async Task RespondAsync(HttpContext context, Outcome outcome, CancellationToken cancellationToken)
    {
        var component = _settings.ComponentName;
        switch (outcome.Kind)
        {
            case OutcomeKind.Completed:
                try
                {
                    await context.Response.CompleteAsync();
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
                {
                    LogFailed(_settings.WorkloadId, component, $"completing the response failed: {e.Message}");
                    context.Abort();
                }

                break;

            case OutcomeKind.Cancelled when cancellationToken.IsCancellationRequested:
                // The client went away; there is nobody to answer.
                break;

            case OutcomeKind.Cancelled:
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "workload is stopping", cancellationToken);
                break;

            case OutcomeKind.TimedOut:
                LogTimedOut(_settings.WorkloadId, component, _settings.Timeout);
                await WriteErrorAsync(context, StatusCodes.Status504GatewayTimeout, $"component '{component}' did not answer within {_settings.Timeout.TotalSeconds:0.###}s", cancellationToken);
                break;

            default:
                LogFailed(_settings.WorkloadId, component, outcome.Reason!);
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, $"component '{component}' failed: {outcome.Reason}", cancellationToken);
                break;
        }
    }

    /// <summary>An error answer; when the response has already begun, the connection is aborted instead.</summary>
    private static async Task WriteErrorAsync(HttpContext context, int status, string message, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        try
        {
            await context.Response.WriteAsync(message + "\n", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client is gone.
        }
    }

    private enum OutcomeKind
    {
        Completed,
        Incomplete,
        Failed,
        TimedOut,
        Cancelled,
    }

    private readonly record struct Outcome(OutcomeKind Kind, string? Reason = null);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' failed a request: {Reason}")]
    private partial void LogFailed(string workloadId, string component, string reason);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' was interrupted at the {Timeout} request deadline")]
    private partial void LogTimedOut(string workloadId, string component, TimeSpan timeout);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Information, Message = "Workload {WorkloadId}: component '{Component}' {Stream}: {Line}")]
    private partial void LogGuestOutput(string workloadId, string component, string stream, string line);
}
