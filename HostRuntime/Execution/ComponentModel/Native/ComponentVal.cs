using System.Runtime.InteropServices;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

/// <summary><c>wasm_byte_vec_t</c> / <c>wasm_name_t</c>: a length and a pointer, no NUL terminator.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ByteVec
{
    public nuint Size;
    public byte* Data;

    public readonly ReadOnlySpan<byte> AsSpan() => new(Data, checked((int)Size));
}

/// <summary>The vectors of values (list, tuple) and of record entries: a length and a pointer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ComponentValVec
{
    public nuint Size;
    public void* Data;
}

/// <summary><c>wasmtime_component_valkind_t</c>.</summary>
internal enum ComponentValKind : byte
{
    Bool = 0,
    S8 = 1,
    U8 = 2,
    S16 = 3,
    U16 = 4,
    S32 = 5,
    U32 = 6,
    S64 = 7,
    U64 = 8,
    F32 = 9,
    F64 = 10,
    Char = 11,
    String = 12,
    List = 13,
    Record = 14,
    Tuple = 15,
    Variant = 16,
    Enum = 17,
    Option = 18,
    Result = 19,
    Flags = 20,
    Resource = 21,
    Map = 22,
}

/// <summary>
/// <c>wasmtime_component_val_t</c>, measured at 32 bytes: the kind byte at 0, an 8-aligned 24-byte union at 8.
/// Union members as used here: scalars at 8; string, enum, list, tuple, record and flags as <c>{size_t; ptr}</c> at
/// 8/16; variant <c>{name; val_t* payload}</c> at 8/16/24; option <c>val_t*</c> at 8; result <c>{bool ok; val_t*}</c>
/// at 8/16; resource <c>resource_any_t*</c> at 8.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal unsafe struct ComponentVal
{
    [FieldOffset(0)]
    public ComponentValKind Kind;

    [FieldOffset(8)]
    public byte Byte;

    [FieldOffset(8)]
    public ushort U16;

    [FieldOffset(8)]
    public uint U32;

    [FieldOffset(8)]
    public ulong U64;

    /// <summary>string, enum name, variant discriminant.</summary>
    [FieldOffset(8)]
    public ByteVec Name;

    /// <summary>list, tuple, record (entries), flags.</summary>
    [FieldOffset(8)]
    public ComponentValVec Vec;

    /// <summary>variant payload (NULL when the case has none).</summary>
    [FieldOffset(24)]
    public ComponentVal* VariantPayload;

    /// <summary>option payload (NULL for none), resource handle.</summary>
    [FieldOffset(8)]
    public void* Pointer;

    /// <summary>result payload (NULL when that side has no type).</summary>
    [FieldOffset(16)]
    public ComponentVal* ResultPayload;
}

/// <summary><c>wasmtime_component_valrecord_entry_t</c>: a name (16 bytes) then a value (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Size = 48)]
internal struct ComponentRecordEntry
{
    public ByteVec Name;
    public ComponentVal Value;
}
