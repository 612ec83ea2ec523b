using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// Reading and writing <c>wasmtime_component_val_t</c> in place.
/// </summary>
/// <remarks>
/// Ownership: values we read (callback arguments, call results) belong to Wasmtime or to the caller that releases
/// them; readers only copy out. Values we write are freed by Wasmtime (callback results) or by
/// <see cref="WasmtimeNative.ValDelete"/>, so every nested allocation — strings, names, lists, payloads — comes from
/// Wasmtime's own allocators (<c>wasm_byte_vec_new</c>, <c>*_new_uninit</c>, <c>val_new</c>), never from managed or
/// native .NET memory. Writers that take a payload <em>move</em> it: the temporary must not be used or freed after.
/// A kind that does not match is a host bug (Wasmtime type-checks guest values), reported as an exception that
/// becomes a trap.
/// </remarks>
internal static unsafe class Vals
{
    // ---- readers ----

    public static bool ReadBool(ComponentVal* value) => Expect(value, ComponentValKind.Bool)->Byte != 0;

    public static byte ReadU8(ComponentVal* value) => Expect(value, ComponentValKind.U8)->Byte;

    public static ushort ReadU16(ComponentVal* value) => Expect(value, ComponentValKind.U16)->U16;

    public static uint ReadU32(ComponentVal* value) => Expect(value, ComponentValKind.U32)->U32;

    public static ulong ReadU64(ComponentVal* value) => Expect(value, ComponentValKind.U64)->U64;

    public static string ReadString(ComponentVal* value) => Encoding.UTF8.GetString(Expect(value, ComponentValKind.String)->Name.AsSpan());

    public static ReadOnlySpan<byte> ReadStringUtf8(ComponentVal* value) => Expect(value, ComponentValKind.String)->Name.AsSpan();

    public static string ReadEnum(ComponentVal* value) => Encoding.UTF8.GetString(Expect(value, ComponentValKind.Enum)->Name.AsSpan());

    /// <summary>The elements of a list; valid while <paramref name="value"/> is.</summary>
    public static Span<ComponentVal> ReadList(ComponentVal* value)
    {
        var list = Expect(value, ComponentValKind.List)->Vec;
        return new Span<ComponentVal>(list.Data, checked((int)list.Size));
    }

    public static Span<ComponentVal> ReadTuple(ComponentVal* value)
    {
        var tuple = Expect(value, ComponentValKind.Tuple)->Vec;
        return new Span<ComponentVal>(tuple.Data, checked((int)tuple.Size));
    }

    /// <summary>
    /// A <c>list&lt;u8&gt;</c> copied out. Each byte is a 32-byte value here, which is why bulk bytes are slow on this
    /// path; the loop itself is cheap next to Wasmtime's conversion.
    /// </summary>
    public static byte[] ReadBytes(ComponentVal* value)
    {
        var list = ReadList(value);
        var bytes = GC.AllocateUninitializedArray<byte>(list.Length);
        CopyBytes(list, bytes);
        return bytes;
    }

    public static void CopyBytes(ReadOnlySpan<ComponentVal> list, Span<byte> destination)
    {
        for (var i = 0; i < list.Length; i++)
        {
            destination[i] = list[i].Byte;
        }
    }

    /// <summary>The payload of <c>some</c>, or null for <c>none</c>.</summary>
    public static ComponentVal* ReadOption(ComponentVal* value) => (ComponentVal*)Expect(value, ComponentValKind.Option)->Pointer;

    /// <summary>Whether the result is ok; <paramref name="payload"/> is null when that side has no type.</summary>
    public static bool ReadResult(ComponentVal* value, out ComponentVal* payload)
    {
        Expect(value, ComponentValKind.Result);
        payload = value->ResultPayload;
        return value->Byte != 0;
    }

    /// <summary>The case name of a variant; <paramref name="payload"/> is null when the case has none.</summary>
    public static ReadOnlySpan<byte> ReadVariant(ComponentVal* value, out ComponentVal* payload)
    {
        Expect(value, ComponentValKind.Variant);
        payload = value->VariantPayload;
        return value->Name.AsSpan();
    }

    // ---- writers ----

    public static void WriteBool(ComponentVal* value, bool b)
    {
        value->Kind = ComponentValKind.Bool;
        value->U64 = 0;
        value->Byte = b ? (byte)1 : (byte)0;
    }

    public static void WriteU8(ComponentVal* value, byte b)
    {
        value->Kind = ComponentValKind.U8;
        value->U64 = b;
    }

    public static void WriteU16(ComponentVal* value, ushort u)
    {
        value->Kind = ComponentValKind.U16;
        value->U64 = u;
    }

    public static void WriteU32(ComponentVal* value, uint u)
    {
        value->Kind = ComponentValKind.U32;
        value->U64 = u;
    }

    public static void WriteS32(ComponentVal* value, int s)
    {
        value->Kind = ComponentValKind.S32;
        value->U64 = 0;
        value->U32 = unchecked((uint)s);
    }

    public static void WriteU64(ComponentVal* value, ulong u)
    {
        value->Kind = ComponentValKind.U64;
        value->U64 = u;
    }

    public static void WriteString(ComponentVal* value, string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        value->Kind = ComponentValKind.String;
        NewByteVec(&value->Name, count);
        Encoding.UTF8.GetBytes(text, new Span<byte>(value->Name.Data, count));
    }

    public static void WriteString(ComponentVal* value, ReadOnlySpan<byte> utf8)
    {
        value->Kind = ComponentValKind.String;
        CopyName(&value->Name, utf8);
    }

    public static void WriteEnum(ComponentVal* value, ReadOnlySpan<byte> name)
    {
        value->Kind = ComponentValKind.Enum;
        CopyName(&value->Name, name);
    }

    /// <summary>A <c>list&lt;u8&gt;</c>: one 32-byte value per byte, allocated by Wasmtime.</summary>
    public static void WriteBytes(ComponentVal* value, ReadOnlySpan<byte> bytes)
    {
        var elements = WriteList(value, bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            elements[i].Kind = ComponentValKind.U8;
            elements[i].U64 = bytes[i];
        }
    }

    /// <summary>A list of <paramref name="count"/> elements, returned for the caller to write every one of.</summary>
    public static ComponentVal* WriteList(ComponentVal* value, int count)
    {
        value->Kind = ComponentValKind.List;
        WasmtimeNative.ValListNewUninit(&value->Vec, (nuint)count);
        return ClearElements(value, count);
    }

    public static ComponentVal* WriteTuple(ComponentVal* value, int count)
    {
        value->Kind = ComponentValKind.Tuple;
        WasmtimeNative.ValTupleNewUninit(&value->Vec, (nuint)count);
        return ClearElements(value, count);
    }

    /// <summary>A record of <paramref name="count"/> fields; name each with <see cref="WriteField"/> in declaration order.</summary>
    public static ComponentRecordEntry* WriteRecord(ComponentVal* value, int count)
    {
        value->Kind = ComponentValKind.Record;
        WasmtimeNative.ValRecordNewUninit(&value->Vec, (nuint)count);
        var entries = (ComponentRecordEntry*)value->Vec.Data;

        // Uninitialised entries would be freed as garbage if a later write threw.
        new Span<ComponentRecordEntry>(entries, count).Clear();
        return entries;
    }

    /// <summary>Names a record field and returns its value slot.</summary>
    public static ComponentVal* WriteField(ComponentRecordEntry* entry, ReadOnlySpan<byte> name)
    {
        CopyName(&entry->Name, name);
        return &entry->Value;
    }

    public static void WriteNone(ComponentVal* value)
    {
        value->Kind = ComponentValKind.Option;
        value->Pointer = null;
    }

    /// <summary><c>some(payload)</c>, moving <paramref name="payload"/>.</summary>
    public static void WriteSome(ComponentVal* value, ComponentVal* payload)
    {
        value->Kind = ComponentValKind.Option;
        value->Pointer = WasmtimeNative.ValNew(payload);
    }

    /// <summary><c>ok(payload)</c>, moving <paramref name="payload"/>; null for <c>ok</c> without a value.</summary>
    public static void WriteOk(ComponentVal* value, ComponentVal* payload = null) => WriteResult(value, true, payload);

    /// <summary><c>err(payload)</c>, moving <paramref name="payload"/>; null for <c>err</c> without a value.</summary>
    public static void WriteErr(ComponentVal* value, ComponentVal* payload = null) => WriteResult(value, false, payload);

    /// <summary>A variant case, moving <paramref name="payload"/>; null for a case without one.</summary>
    public static void WriteVariant(ComponentVal* value, ReadOnlySpan<byte> name, ComponentVal* payload = null)
    {
        value->Kind = ComponentValKind.Variant;
        CopyName(&value->Name, name);
        value->VariantPayload = payload is null ? null : WasmtimeNative.ValNew(payload);
    }

    private static void WriteResult(ComponentVal* value, bool ok, ComponentVal* payload)
    {
        value->Kind = ComponentValKind.Result;
        value->U64 = 0;
        value->Byte = ok ? (byte)1 : (byte)0;
        value->ResultPayload = payload is null ? null : WasmtimeNative.ValNew(payload);
    }

    private static ComponentVal* ClearElements(ComponentVal* value, int count)
    {
        var elements = (ComponentVal*)value->Vec.Data;

        // A zeroed value is a plain bool: safe for Wasmtime to free if we fail before writing every element.
        new Span<ComponentVal>(elements, count).Clear();
        return elements;
    }

    private static void CopyName(ByteVec* name, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* data = utf8)
        {
            WasmtimeNative.ByteVecNew(name, (nuint)utf8.Length, data);
        }
    }

    private static void NewByteVec(ByteVec* vec, int count)
    {
        // wasm_byte_vec_new copies from a source; an uninitialised vec of the right size is what we fill.
        WasmtimeNative.ByteVecNewUninitialized(vec, (nuint)count);
    }

    private static ComponentVal* Expect(ComponentVal* value, ComponentValKind kind) =>
        value->Kind == kind ? value : throw new InvalidOperationException($"expected a {kind} value, got {value->Kind}");
}
