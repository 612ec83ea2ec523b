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

    /// <summary>Fresh or warm instances (<c>poolSize</c>, <c>maxInvocations</c>, <c>maxConcurrency</c>).</summary>
    public InstancePolicy Instances { get; init; } = InstancePolicy.Ephemeral;

    /// <summary>The component's <c>wasi:config/store</c> view.</summary>
    public ComponentConfig Config { get; init; } = ComponentConfig.Empty;

    /// <summary>The workload's namespace and name, for tagging <c>wasi:logging</c> lines.</summary>
    public string WorkloadNamespace { get; init; } = "";

    public string WorkloadName { get; init; } = "";
    /// <summary>The host plugins' state for this component (keyvalue, messaging).</summary>
    public ComponentPlugins Plugins { get; init; } = ComponentPlugins.None;
}

/// <summary>
/// Serves HTTP with a wasi:http proxy component (reference §5.2 steps 5 and 7): each request is served by an instance,
/// fresh (<c>poolSize</c> 0) or warm from the component's <see cref="WarmInstancePool"/>, under the memory ceiling and
/// the request deadline, and the component's exported <c>wasi:http/incoming-handler.handle</c> is called with the
/// request and a response-outparam. Bodies stream both ways while the guest runs. A trap answers 500, the deadline
/// 504, unless the response has begun, in which case the connection is aborted so the client never mistakes a cut
/// body for a whole one.
/// </summary>
/// <remarks>
/// Each call gets its own host state (<see cref="HttpRequestContext"/>: the request, the response, stdout and stderr
/// lines, outgoing requests), deadline, cancellation and resource scope, even on a warm instance. A warm instance goes
/// back to the pool only after a clean call that left no resource of the request in the guest's hands; after a trap,
/// the deadline, the memory limit, cancellation or any other failure it is discarded, so a poisoned or half-finished
/// instance never serves another request, and nothing of one request can be reached from the next.
/// </remarks>
internal sealed partial class ComponentHttpHandler : IWorkloadHttpHandler, IDisposable
{
    /// <summary>Handles (live or revoked) a warm instance may hold before it is retired rather than reused.</summary>
    internal const int MaxResourcesKept = 4096;

    private readonly WasmEngine _engine;
    private readonly HostLinker _linker;
    private readonly CompiledWasm _wasm;
    private readonly ComponentExports _exports;
    private readonly IntPtr _component;
    private readonly IntPtr _handle;
    private readonly WarmInstancePool? _pool;
    private int _singleUse;
    private readonly ComponentHandlerSettings _settings;
    private readonly OutgoingHttp _outgoing;
    private readonly InflightGate _gate;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly GuestLog _guestLog;
    private long _fuelConsumed;

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
        _linker = engine.LinkerFor(settings.Plugins);
        _wasm = wasm;
        _exports = exports;
        _component = WasmtimeHandles.Of(wasm.Component!);
        _handle = handle;
        _pool = settings.Instances.IsPooled ? new WarmInstancePool(settings.Instances) : null;
        _settings = settings;
        _outgoing = new OutgoingHttp(settings.Egress);
        _gate = gate;
        _logger = logger;
        _stopping = stopping;
        _guestLog = new GuestLog(logger, settings.WorkloadNamespace, settings.WorkloadName, settings.WorkloadId, settings.ComponentName);
    }

    /// <summary>The <c>wasi:http/incoming-handler</c> version the component exports, e.g. <c>…@0.2.10</c>.</summary>
    public string HandlerInterface { get; private init; } = "";

    /// <summary>Requests of the workload in flight (for tests).</summary>
    internal int InFlight => _gate.Count;

    /// <summary>Fuel the component's guest code has burnt so far, on an engine that meters fuel (<c>--enable-meters</c>).</summary>
    internal long FuelConsumed => Interlocked.Read(ref _fuelConsumed);

    /// <summary>The warm instances; null under the ephemeral policy.</summary>
    internal WarmInstancePool? Pool => _pool;

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
                if (_wasm.ComponentNames is { } names && _linker.MissingImports(names.Imports) is { Count: > 0 } missing)
                {
                    return $"it imports {string.Join(", ", missing)}, which this host does not provide";
                }

                var store = new ComponentStore(_engine.NativeEngine, _settings.MemoryLimitBytes, _settings.Timeout, cancellationToken, _engine.Fuel?.Grant);
                try
                {
                    store.Instantiate(_linker, _component);
                }
                catch (ComponentModelException e)
                {
                    store.Dispose();
                    cancellationToken.ThrowIfCancellationRequested();
                    return WasmErrors.Summarize(e);
                }

                // A pooled component keeps this instance as its first warm one: it has served no request yet.
                if (_pool?.TryAdd(new WarmInstance(store)) != true)
                {
                    store.Dispose();
                }

                return null;
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
        if (_engine.Fuel is not null)
        {
            LogFuelTotal(_settings.WorkloadId, _settings.ComponentName, FuelConsumed);
        }

        _pool?.Dispose();
        _exports.Dispose();
        _outgoing.Dispose();
    }

    /// <summary>
    /// One request on a warm instance when the pool has one (or room for one), else on a one-shot store. The request
    /// is served once more on a one-shot store when a warm instance turns out unable to serve a second request (see
    /// <see cref="ServeWarm"/>).
    /// </summary>
    private Outcome Serve(HttpContext context, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Cancelled);
        }

        if (_pool is not null && _pool.TryRent(out var warm))
        {
            var outcome = ServeWarm(warm, context, cancellation);
            if (!outcome.ServeAgain)
            {
                return outcome;
            }
        }

        using var store = new ComponentStore(_engine.NativeEngine, _settings.MemoryLimitBytes);
        return Invoke(store, context, cancellation);
    }

    /// <summary>
    /// One request on a warm instance (<paramref name="warm"/> null: a new one), which goes back to the pool only when
    /// <see cref="Invoke"/> ended cleanly. Some guests cannot serve a second request on one instance (componentize-js
    /// 0.23: StarlingMonkey keeps the first FetchEvent, bytecodealliance/StarlingMonkey#247) and return from the
    /// second without a response and without touching the request. That is taken as the component's nature: pooling
    /// stops for it, and the request is served again on a one-shot store.
    /// </summary>
    private Outcome ServeWarm(WarmInstance? warm, HttpContext context, CancellationToken cancellation)
    {
        ComponentStore store;
        try
        {
            store = warm?.Store ?? new ComponentStore(_engine.NativeEngine, _settings.MemoryLimitBytes);
        }
        catch
        {
            _pool!.Abandon();
            throw;
        }

        warm ??= new WarmInstance(store);
        warm.Invocations++;
        var reusable = false;
        try
        {
            var outcome = Invoke(store, context, cancellation);
            reusable = outcome.Kind == OutcomeKind.Completed && store.Fault is null && Reset(store);
            if (outcome.Untouched && warm.Invocations > 1)
            {
                if (Interlocked.Exchange(ref _singleUse, 1) == 0)
                {
                    LogSingleUse(_settings.WorkloadId, _settings.ComponentName);
                }

                _pool!.Dispose();
                return outcome with { ServeAgain = true };
            }

            return outcome;
        }
        finally
        {
            _pool!.Return(warm, reusable);
        }
    }

    /// <summary>
    /// Readies a warm instance for the next request after a clean call: whatever the guest still holds of this
    /// request (a garbage-collected guest such as StarlingMonkey drops its handles only when it next collects) is
    /// revoked, so the next request can reach none of it. The standard streams may stay: they belong to the instance,
    /// and guest libraries (wasi-libc) fetch them once and keep them. False when the instance should rather be retired
    /// because the guest is piling up handles it never drops.
    /// </summary>
    private bool Reset(ComponentStore store)
    {
        var revoked = store.Resources.RevokeScoped(static (_, value) => value is LogOutputStream or EmptyInputStream);
        if (revoked > 0)
        {
            LogRevoked(_settings.WorkloadId, _settings.ComponentName, revoked);
        }

        if (store.Resources.Count <= MaxResourcesKept)
        {
            return true;
        }

        LogTooManyResources(_settings.WorkloadId, _settings.ComponentName, store.Resources.Count);
        return false;
    }

    /// <summary>Calls the handler once in <paramref name="store"/>, instantiating first if the store is new.</summary>
    private unsafe Outcome Invoke(ComponentStore store, HttpContext context, CancellationToken cancellation)
    {
        // The deadline covers the instantiation too: a start function that never returns is cut off like a handler.
        // So does the fuel budget (--fuel-per-request): a fresh instance's start is part of serving the request.
        var fuel = _engine.Fuel;
        store.BeginCall(_settings.Timeout, cancellation, fuel?.Grant);
        var component = _settings.ComponentName;
        var state = new HttpRequestContext(
            context,
            _outgoing,
            _settings.Environment,
            line => LogGuestOutput(_settings.WorkloadId, component, "stdout", line),
            line => LogGuestOutput(_settings.WorkloadId, component, "stderr", line),
            store.Interrupt)
        {
            Config = _settings.Config,
            Log = _guestLog,
        };
        store.Host = state;
        store.Plugins = _settings.Plugins;
        try
        {
            if (!store.IsInstantiated)
            {
                store.Instantiate(_linker, _component);
            }

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
                _ when fuel?.PerRequest is { } budget && store.OutOfFuel => new Outcome(OutcomeKind.Failed, $"it ran out of fuel: {budget} per request (--fuel-per-request)"),
                _ => new Outcome(OutcomeKind.Failed, WasmErrors.Summarize(e)),
            };
        }
        finally
        {
            if (fuel is not null)
            {
                var consumed = store.FuelConsumed;
                Interlocked.Add(ref _fuelConsumed, (long)Math.Min(consumed, long.MaxValue));
                fuel.Record(_settings.WorkloadId, component, consumed);
            }

            // The request's state ends with the call, also on a warm instance that serves another next.
            store.Host = null;
            state.Dispose();
        }

        if (state.ResponseError is { } error)
        {
            return new Outcome(OutcomeKind.Failed, $"it answered with error code {error}");
        }

        if (state.Response is null)
        {
            return new Outcome(OutcomeKind.Failed, "it returned without setting a response") { Untouched = state.Untouched };
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

    private readonly record struct Outcome(OutcomeKind Kind, string? Reason = null)
    {
        /// <summary>The guest returned having done nothing with the request (<see cref="HttpRequestContext.Untouched"/>).</summary>
        public bool Untouched { get; init; }

        /// <summary>The request is to be served again on a one-shot store.</summary>
        public bool ServeAgain { get; init; }
    }

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' failed a request: {Reason}")]
    private partial void LogFailed(string workloadId, string component, string reason);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' was interrupted at the {Timeout} request deadline")]
    private partial void LogTimedOut(string workloadId, string component, TimeSpan timeout);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Trace, Message = "Workload {WorkloadId}: component '{Component}' still held {Count} resources of a finished request; they are revoked")]
    private partial void LogRevoked(string workloadId, string component, int count);

    [LoggerMessage(EventId = 5116, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' cannot serve a second request on one instance; its poolSize is ignored and every request gets a fresh instance")]
    private partial void LogSingleUse(string workloadId, string component);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Debug, Message = "Workload {WorkloadId}: component '{Component}' holds {Count} resource handles; its warm instance is retired")]
    private partial void LogTooManyResources(string workloadId, string component, int count);

    [LoggerMessage(EventId = 5117, Level = LogLevel.Information, Message = "Workload {WorkloadId}: component '{Component}' burnt {Fuel} fuel in all")]
    private partial void LogFuelTotal(string workloadId, string component, long fuel);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Information, Message = "Workload {WorkloadId}: component '{Component}' {Stream}: {Line}")]
    private partial void LogGuestOutput(string workloadId, string component, string stream, string line);
}
