using System.Diagnostics;
using System.Runtime.InteropServices;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>Why a store stopped running guest code before it finished.</summary>
internal enum StoreInterruption
{
    None,

    /// <summary>The wall-clock deadline passed.</summary>
    Deadline,

    /// <summary>The caller's token was cancelled (client gone, workload stopping).</summary>
    Cancelled,
}

/// <summary>
/// One Wasmtime store holding one component instance, with the host state its imports work on: a resource table and
/// whatever <see cref="Host"/> object the linker's functions expect. Used by one thread at a time (a store is
/// single-threaded and callbacks run on the calling thread). A store whose guest trapped is never used again:
/// Wasmtime poisons the instance, and the caller disposes the store.
/// </summary>
/// <remarks>
/// A store may serve several calls in turn (a warm instance): <see cref="BeginCall"/> gives each its own deadline,
/// cancellation, fault and resource scope, so nothing about one call's interruption carries into the next.
/// </remarks>
internal sealed unsafe class ComponentStore : IDisposable
{
    private readonly IntPtr _store;
    private readonly GCHandle _self;
    private readonly byte* _instance;
    private long _deadline = long.MaxValue;
    private CancellationTokenSource _interrupt = new();
    private CancellationToken _cancellation;
    private ulong? _fuelGranted;
    private bool _instantiated;
    private bool _disposed;

    /// <param name="engine">The native engine (epoch interruption on); it outlives the store.</param>
    /// <param name="memoryLimitBytes">Ceiling for each linear memory; 0 or less leaves it unlimited.</param>
    /// <param name="timeout">Wall-clock budget for the first call (and the instantiation); null for none.</param>
    /// <param name="cancellation">Stops guest code at the next epoch tick and blocking host calls at once.</param>
    /// <param name="fuel">The fuel the first call may burn, on an engine that meters fuel; null on one that does not.</param>
    public ComponentStore(IntPtr engine, long memoryLimitBytes, TimeSpan? timeout, CancellationToken cancellation, ulong? fuel = null)
        : this(engine, memoryLimitBytes) => BeginCall(timeout, cancellation, fuel);

    /// <summary>A store with no call begun yet: no deadline, nothing to cancel it until <see cref="BeginCall"/>.</summary>
    public ComponentStore(IntPtr engine, long memoryLimitBytes)
    {
        // The store's data and the epoch callback's data are a handle to this object; no finalizers are given to
        // Wasmtime because Dispose frees the handle after deleting the store, when no callback can run any more.
        _self = GCHandle.Alloc(this);
        var self = GCHandle.ToIntPtr(_self);
        _store = WasmtimeNative.StoreNew(engine, self, null);
        Context = WasmtimeNative.StoreContext(_store);
        if (memoryLimitBytes > 0)
        {
            WasmtimeNative.StoreLimiter(_store, memoryLimitBytes, -1, -1, -1, -1);
        }

        // With epoch interruption on, a store's deadline starts at 0 ticks: guest code would stop at its first check.
        // Checking at every tick keeps the deadline and cancellation precise to one tick.
        WasmtimeNative.ContextSetEpochDeadline(Context, 1);
        WasmtimeNative.StoreEpochDeadlineCallback(_store, &OnEpochDeadline, self, null);
        _instance = (byte*)NativeMemory.AllocZeroed(WasmtimeNative.ComponentInstanceBuffer);
    }

    /// <summary>Whether <see cref="Instantiate"/> has succeeded: the store holds an instance to call.</summary>
    public bool IsInstantiated => _instantiated;

    /// <summary>The <c>wasmtime_context_t*</c>; valid until disposal.</summary>
    public IntPtr Context { get; }

    public ResourceTable Resources { get; } = new();

    /// <summary>The state the linker's host functions work on (for wasi:http, one request).</summary>
    public object? Host { get; set; }

    /// <summary>The host plugins' state for the component this store runs (keyvalue, messaging); null: none declared.</summary>
    public Plugins.ComponentPlugins? Plugins { get; set; }

    /// <summary>Cancelled at the deadline or with the caller's token: blocking host calls wait on it.</summary>
    public CancellationToken Interrupt => _interrupt.Token;

    /// <summary>Why guest code was stopped, if it was; the deadline wins when both apply.</summary>
    public StoreInterruption Interruption =>
        Stopwatch.GetTimestamp() > _deadline || (_interrupt.IsCancellationRequested && !_cancellation.IsCancellationRequested) ? StoreInterruption.Deadline
        : _cancellation.IsCancellationRequested ? StoreInterruption.Cancelled
        : StoreInterruption.None;

    /// <summary>The first exception a host function threw (and turned into a trap) in this call, for the logs.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>
    /// Fuel burnt since <see cref="BeginCall"/> gave the store its fuel (instantiation included, when the call made the
    /// instance); 0 when the engine does not meter fuel.
    /// </summary>
    public ulong FuelConsumed => _fuelGranted is { } granted ? granted - FuelLeft() : 0;

    /// <summary>Whether the call burnt all the fuel it was given: Wasmtime traps the guest when it runs out.</summary>
    public bool OutOfFuel => _fuelGranted is not null && FuelLeft() == 0;

    /// <summary>
    /// Starts a call: a fresh deadline <paramref name="timeout"/> from now (null for none) and cancellation by
    /// <paramref name="cancellation"/>, no fault, and a new resource scope (<see cref="ResourceTable.ScopedCount"/>).
    /// On an engine that meters fuel, <paramref name="fuel"/> is what the call may burn (whatever the last call left is
    /// replaced); it must be null on one that does not.
    /// </summary>
    public void BeginCall(TimeSpan? timeout, CancellationToken cancellation, ulong? fuel = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _cancellation = cancellation;
        _deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _interrupt.Dispose();
        _interrupt = cancellation.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellation) : new CancellationTokenSource();
        if (timeout is { } budget)
        {
            _interrupt.CancelAfter(budget);
        }

        Fault = null;
        Resources.BeginScope();

        // The epoch may have moved on since the last call; count the one-tick deadline from now.
        WasmtimeNative.ContextSetEpochDeadline(Context, 1);
        if (fuel is { } grant)
        {
            NativeErrors.ThrowIfError(WasmtimeNative.ContextSetFuel(Context, grant), "could not give the store its fuel");
        }

        _fuelGranted = fuel;
    }

    /// <summary>The store behind a context handed to a callback.</summary>
    public static ComponentStore FromContext(IntPtr context) =>
        (ComponentStore)GCHandle.FromIntPtr(WasmtimeNative.ContextGetData(context)).Target!;

    /// <exception cref="ComponentModelException">An import is missing or mistyped, a memory is too large, or the start trapped.</exception>
    public void Instantiate(HostLinker linker, IntPtr component)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_instantiated)
        {
            throw new InvalidOperationException("this store already holds an instance");
        }

        NativeErrors.ThrowIfError(linker.Instantiate(Context, component, _instance), "instantiation failed");
        _instantiated = true;
    }

    /// <summary>
    /// Calls the export at <paramref name="exportIndex"/> (from <see cref="ComponentExports"/>). Wasmtime only borrows
    /// <paramref name="args"/>; <paramref name="results"/> must start zeroed and be released by the caller with
    /// <see cref="WasmtimeNative.ValDelete"/>.
    /// </summary>
    /// <exception cref="ComponentModelException">The guest trapped, was interrupted, or the export is not a function.</exception>
    public void Call(IntPtr exportIndex, ReadOnlySpan<ComponentVal> args, Span<ComponentVal> results)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var func = stackalloc byte[WasmtimeNative.ComponentFuncBuffer];
        if (!_instantiated || !WasmtimeNative.InstanceGetFunc(_instance, Context, exportIndex, func))
        {
            throw new ComponentModelException("the export is not a function of this instance");
        }

        fixed (ComponentVal* a = args)
        fixed (ComponentVal* r = results)
        {
            var error = WasmtimeNative.FuncCall(func, Context, a, (nuint)args.Length, r, (nuint)results.Length);
            if (error != IntPtr.Zero)
            {
                // The message as Wasmtime wrote it (backtrace, "Caused by:"), for WasmErrors.Summarize.
                throw new ComponentModelException(NativeErrors.TakeMessage(error));
            }
        }
    }

    /// <summary>An owned handle to a new host resource, for passing to the guest as an argument or result.</summary>
    public void WriteOwn(ComponentVal* value, uint type, object resource)
    {
        var rep = Resources.Add(type, resource);
        var host = WasmtimeNative.ResourceHostNew(true, rep, type);
        IntPtr any;
        var error = WasmtimeNative.ResourceHostToAny(Context, host, &any);

        // The host handle was only needed to make the any; the any carries the resource from here.
        WasmtimeNative.ResourceHostDelete(host);
        NativeErrors.ThrowIfError(error, "could not pass a resource to the guest");
        value->Kind = ComponentValKind.Resource;
        value->U64 = 0;
        value->Pointer = (void*)any;
    }

    /// <summary>
    /// The rep and type of a resource handle the guest passed. For a borrow this also ends the borrow, which Wasmtime
    /// requires before the callback returns ("borrow handles still remain" otherwise); for an own it moves ownership
    /// to the host, which then decides when the object goes.
    /// </summary>
    public uint ReadRep(ComponentVal* value, out uint type)
    {
        if (value->Kind != ComponentValKind.Resource)
        {
            throw new InvalidOperationException($"expected a resource, got {value->Kind}");
        }

        IntPtr host;
        NativeErrors.ThrowIfError(WasmtimeNative.ResourceAnyToHost(Context, (IntPtr)value->Pointer, &host), "not a host resource");
        var rep = WasmtimeNative.ResourceHostRep(host);
        type = WasmtimeNative.ResourceHostType(host);
        WasmtimeNative.ResourceHostDelete(host);
        return rep;
    }

    internal void RecordFault(Exception exception) => Fault ??= exception;

    private ulong FuelLeft()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ulong left;
        NativeErrors.ThrowIfError(WasmtimeNative.ContextGetFuel(Context, &left), "could not read the store's fuel");
        return left;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        WasmtimeNative.StoreDelete(_store);
        NativeMemory.Free(_instance);
        _self.Free();
        _interrupt.Dispose();
        Resources.Clear();
        (Host as IDisposable)?.Dispose();
    }

    [UnmanagedCallersOnly]
    private static IntPtr OnEpochDeadline(IntPtr context, IntPtr data, ulong* delta, byte* updateKind)
    {
        try
        {
            var store = (ComponentStore)GCHandle.FromIntPtr(data).Target!;
            if (store._cancellation.IsCancellationRequested)
            {
                return NativeErrors.Create("interrupted: the request was cancelled");
            }

            if (Stopwatch.GetTimestamp() > store._deadline)
            {
                return NativeErrors.Create("interrupted: the deadline passed");
            }

            *delta = 1;
            *updateKind = 0; // WASMTIME_UPDATE_DEADLINE_CONTINUE
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            return NativeErrors.Create($"epoch callback failed: {e.Message}");
        }
    }
}
