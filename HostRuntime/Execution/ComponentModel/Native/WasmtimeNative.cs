using System.Runtime.InteropServices;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

/// <summary>
/// The parts of Wasmtime's C API (the <c>libwasmtime.so</c> shipped in the Wasmtime NuGet package, 50.0.1) that the
/// .NET binding does not wrap: component linkers with host functions and host resources, component values, stores
/// with an epoch callback and a memory limiter. Signatures follow <c>wasmtime/component/*.h</c> and
/// <c>wasmtime/store.h</c>; every pointer is opaque except the value structs in <see cref="ComponentVal"/>.
/// </summary>
/// <remarks>
/// The library name is the binding's own (<c>wasmtime</c>): the app's deps.json lists the package's native asset, so
/// the runtime finds the very library the binding loaded and engine, component and store pointers can cross between
/// the two. Errors are <c>wasmtime_error_t*</c>, NULL meaning success; an error we receive is ours to delete.
/// </remarks>
internal static unsafe partial class WasmtimeNative
{
    private const string Library = "wasmtime";

    // ---- errors ----

    /// <summary>Copies <paramref name="message"/> (NUL-terminated UTF-8).</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_error_new")]
    public static partial IntPtr ErrorNew(byte* message);

    [LibraryImport(Library, EntryPoint = "wasmtime_error_message")]
    public static partial void ErrorMessage(IntPtr error, ByteVec* message);

    [LibraryImport(Library, EntryPoint = "wasmtime_error_delete")]
    public static partial void ErrorDelete(IntPtr error);

    [LibraryImport(Library, EntryPoint = "wasm_byte_vec_new")]
    public static partial void ByteVecNew(ByteVec* output, nuint size, byte* data);

    [LibraryImport(Library, EntryPoint = "wasm_byte_vec_new_uninitialized")]
    public static partial void ByteVecNewUninitialized(ByteVec* output, nuint size);

    [LibraryImport(Library, EntryPoint = "wasm_byte_vec_delete")]
    public static partial void ByteVecDelete(ByteVec* vec);

    // ---- stores ----

    [LibraryImport(Library, EntryPoint = "wasmtime_store_new")]
    public static partial IntPtr StoreNew(IntPtr engine, IntPtr data, delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library, EntryPoint = "wasmtime_store_context")]
    public static partial IntPtr StoreContext(IntPtr store);

    [LibraryImport(Library, EntryPoint = "wasmtime_store_delete")]
    public static partial void StoreDelete(IntPtr store);

    /// <summary>Negative values keep Wasmtime's default for that limit.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_store_limiter")]
    public static partial void StoreLimiter(IntPtr store, long memorySize, long tableElements, long instances, long tables, long memories);

    [LibraryImport(Library, EntryPoint = "wasmtime_store_epoch_deadline_callback")]
    public static partial void StoreEpochDeadlineCallback(
        IntPtr store,
        delegate* unmanaged<IntPtr, IntPtr, ulong*, byte*, IntPtr> callback,
        IntPtr data,
        delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library, EntryPoint = "wasmtime_context_set_epoch_deadline")]
    public static partial void ContextSetEpochDeadline(IntPtr context, ulong ticksBeyondCurrent);

    /// <summary>Sets the fuel left in the store; an error when the engine does not consume fuel.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_context_set_fuel")]
    public static partial IntPtr ContextSetFuel(IntPtr context, ulong fuel);

    /// <summary>The fuel left in the store; an error when the engine does not consume fuel.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_context_get_fuel")]
    public static partial IntPtr ContextGetFuel(IntPtr context, ulong* fuel);

    [LibraryImport(Library, EntryPoint = "wasmtime_context_get_data")]
    public static partial IntPtr ContextGetData(IntPtr context);

    // ---- engine configuration ----

    /// <summary>
    /// Accepts import and export names carrying an <c>implements</c> option (WIT <c>import cache: wasi:keyvalue/store;</c>),
    /// which Wasmtime 50 rejects by default ("the `cm-implements` feature is not active").
    /// </summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_component_model_implements_set")]
    public static partial void ConfigComponentModelImplementsSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    /// <summary>
    /// Whether stores carry the state for concurrent (component-model-async) execution; on by default. Takes the
    /// <c>wasm_config_t*</c> before it is consumed by <c>wasm_engine_new_with_config</c>.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_config_concurrency_support_set")]
    public static partial void ConfigConcurrencySupportSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    // The `--wasm-proposal` switches (WasmtimeConfigExtensions.WithWasmProposals); each takes the wasm_config_t*.

    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_gc_set")]
    public static partial void ConfigWasmGcSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_function_references_set")]
    public static partial void ConfigWasmFunctionReferencesSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_exceptions_set")]
    public static partial void ConfigWasmExceptionsSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_wide_arithmetic_set")]
    public static partial void ConfigWasmWideArithmeticSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_tail_call_set")]
    public static partial void ConfigWasmTailCallSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    [LibraryImport(Library, EntryPoint = "wasmtime_config_wasm_component_model_map_set")]
    public static partial void ConfigWasmComponentModelMapSet(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    // ---- components ----

    [LibraryImport(Library, EntryPoint = "wasmtime_component_get_export_index")]
    public static partial IntPtr ComponentGetExportIndex(IntPtr component, IntPtr parentIndex, byte* name, nuint nameLength);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_export_index_delete")]
    public static partial void ExportIndexDelete(IntPtr index);

    // ---- linkers ----

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_new")]
    public static partial IntPtr LinkerNew(IntPtr engine);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_delete")]
    public static partial void LinkerDelete(IntPtr linker);

    /// <summary>The root instance; must be deleted before the linker is used again.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_root")]
    public static partial IntPtr LinkerRoot(IntPtr linker);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_instance_delete")]
    public static partial void LinkerInstanceDelete(IntPtr linkerInstance);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_instance_add_instance")]
    public static partial IntPtr LinkerInstanceAddInstance(IntPtr linkerInstance, byte* name, nuint nameLength, IntPtr* instanceOut);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_instance_add_func")]
    public static partial IntPtr LinkerInstanceAddFunc(
        IntPtr linkerInstance,
        byte* name,
        nuint nameLength,
        delegate* unmanaged<IntPtr, IntPtr, IntPtr, ComponentVal*, nuint, ComponentVal*, nuint, IntPtr> callback,
        IntPtr data,
        delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_instance_add_resource")]
    public static partial IntPtr LinkerInstanceAddResource(
        IntPtr linkerInstance,
        byte* name,
        nuint nameLength,
        IntPtr resourceType,
        delegate* unmanaged<IntPtr, IntPtr, uint, IntPtr> destructor,
        IntPtr data,
        delegate* unmanaged<IntPtr, void> finalizer);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_define_unknown_imports_as_traps")]
    public static partial IntPtr LinkerDefineUnknownImportsAsTraps(IntPtr linker, IntPtr component);

    /// <summary><paramref name="instanceOut"/> must point at <see cref="ComponentInstanceBuffer"/>-sized memory.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_component_linker_instantiate")]
    public static partial IntPtr LinkerInstantiate(IntPtr linker, IntPtr context, IntPtr component, void* instanceOut);

    // ---- resource types and handles ----

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_type_new_host")]
    public static partial IntPtr ResourceTypeNewHost(uint type);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_type_delete")]
    public static partial void ResourceTypeDelete(IntPtr type);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_host_new")]
    public static partial IntPtr ResourceHostNew([MarshalAs(UnmanagedType.U1)] bool owned, uint rep, uint type);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_host_rep")]
    public static partial uint ResourceHostRep(IntPtr host);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_host_type")]
    public static partial uint ResourceHostType(IntPtr host);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_host_delete")]
    public static partial void ResourceHostDelete(IntPtr host);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_host_to_any")]
    public static partial IntPtr ResourceHostToAny(IntPtr context, IntPtr host, IntPtr* anyOut);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_any_to_host")]
    public static partial IntPtr ResourceAnyToHost(IntPtr context, IntPtr any, IntPtr* hostOut);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_any_owned")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool ResourceAnyOwned(IntPtr any);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_any_drop")]
    public static partial IntPtr ResourceAnyDrop(IntPtr context, IntPtr any);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_resource_any_delete")]
    public static partial void ResourceAnyDelete(IntPtr any);

    // ---- instances and calls ----

    /// <summary><paramref name="funcOut"/> must point at <see cref="ComponentFuncBuffer"/>-sized memory.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_component_instance_get_func")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool InstanceGetFunc(void* instance, IntPtr context, IntPtr exportIndex, void* funcOut);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_func_call")]
    public static partial IntPtr FuncCall(void* func, IntPtr context, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount);

    // ---- values ----

    /// <summary>Moves <paramref name="value"/> into a new heap value (for option, result and variant payloads).</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_component_val_new")]
    public static partial ComponentVal* ValNew(ComponentVal* value);

    /// <summary>Frees what <paramref name="value"/> owns, not the value itself.</summary>
    [LibraryImport(Library, EntryPoint = "wasmtime_component_val_delete")]
    public static partial void ValDelete(ComponentVal* value);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_vallist_new_uninit")]
    public static partial void ValListNewUninit(ComponentValVec* output, nuint size);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_valtuple_new_uninit")]
    public static partial void ValTupleNewUninit(ComponentValVec* output, nuint size);

    [LibraryImport(Library, EntryPoint = "wasmtime_component_valrecord_new_uninit")]
    public static partial void ValRecordNewUninit(ComponentValVec* output, nuint size);

    /// <summary>
    /// Room for a <c>wasmtime_component_instance_t</c> (16 bytes in 50.0.1) with margin: written by Wasmtime, only
    /// ever passed back by pointer, so a larger buffer costs nothing and survives a layout change.
    /// </summary>
    public const int ComponentInstanceBuffer = 64;

    /// <summary>Room for a <c>wasmtime_component_func_t</c>: 32 bytes in 50.0.1 (older headers say 24, newer 16).</summary>
    public const int ComponentFuncBuffer = 64;
}
