using System.Text;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// The names a component binary imports and exports at its top level (e.g. <c>wasi:http/types@0.2.10</c>), read from
/// its import and export sections. Wasmtime's C API can list imports too, but the item it writes for each does not
/// match the header's layout in 50.0.1 (deleting it crashed the process), and its export lookup matches
/// semver-compatible versions (asking for <c>@0.2.15</c> finds <c>@0.2.10</c>), so it cannot say which version is
/// exported. Sections are length-prefixed: only the top level's import (10) and export (11) sections are parsed, nested
/// components are skipped whole.
/// </summary>
/// <remarks>
/// A name may carry options (leading byte 0x02, Wasmtime 50's encoding): <c>implements</c> says which interface a
/// plain-named instance is, as WIT writes <c>import cache: wasi:keyvalue/store@0.2.0-draft;</c> (the name is
/// <c>cache</c>). The older string form <c>[implements=&lt;…&gt;]cache</c> is not a valid name to Wasmtime 50.
/// </remarks>
/// <param name="Implements">For each import whose name carries an <c>implements</c> option: the name → the interface.</param>
internal sealed record ComponentNames(IReadOnlyList<string> Imports, IReadOnlyList<string> Exports, IReadOnlyDictionary<string, string> Implements)
{
    private const byte ImportSection = 10;
    private const byte ExportSection = 11;
    private const byte ImplementsOption = 0x00;

    /// <summary>The names, or null when the bytes are not a component binary this reader understands.</summary>
    public static ComponentNames? Read(ReadOnlySpan<byte> wasm)
    {
        // Preamble: \0asm, version 0x0d 0x00, layer 0x01 0x00.
        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8) || wasm[6] != 0x01)
        {
            return null;
        }

        var imports = new List<string>();
        var exports = new List<string>();
        var implements = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 8;
        try
        {
            while (position < wasm.Length)
            {
                var id = wasm[position++];
                var size = (int)ReadU32(wasm, ref position);
                var end = checked(position + size);
                if (end > wasm.Length)
                {
                    return null;
                }

                if (id == ImportSection && !ReadItems(wasm[position..end], imports, implements, SkipExternDesc))
                {
                    return null;
                }

                if (id == ExportSection && !ReadItems(wasm[position..end], exports, null, SkipExportTail))
                {
                    return null;
                }

                position = end;
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }

        return new ComponentNames(imports, exports, implements);
    }

    private delegate bool Skip(ReadOnlySpan<byte> section, ref int position);

    /// <summary>A vector of named items: the name, then what <paramref name="skipRest"/> skips.</summary>
    private static bool ReadItems(ReadOnlySpan<byte> section, List<string> names, Dictionary<string, string>? implements, Skip skipRest)
    {
        var position = 0;
        var count = ReadU32(section, ref position);
        for (var i = 0u; i < count; i++)
        {
            // importname' / exportname' ::= 0x00 len name | 0x01 len name versionsuffix (len bytes)
            //                             | 0x02 len name vec(option), option ::= kind:byte len string (0x00 implements)
            var form = section[position++];
            if (form is not (0x00 or 0x01 or 0x02))
            {
                return false;
            }

            var name = ReadString(section, ref position);
            names.Add(name);
            if (form == 0x01)
            {
                var suffix = (int)ReadU32(section, ref position);
                position += suffix;
            }

            if (form == 0x02)
            {
                var options = ReadU32(section, ref position);
                for (var o = 0u; o < options; o++)
                {
                    var kind = section[position++];
                    var value = ReadString(section, ref position);
                    if (kind == ImplementsOption && implements is not null)
                    {
                        implements[name] = value;
                    }
                }
            }

            if (!skipRest(section, ref position))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>After an export's name: sortidx (a sort, one more byte for core sorts, an index), then an optional externdesc.</summary>
    private static bool SkipExportTail(ReadOnlySpan<byte> section, ref int position)
    {
        if (section[position++] == 0x00)
        {
            position++;
        }

        ReadU32(section, ref position);
        return section[position++] switch
        {
            0x00 => true,
            0x01 => SkipExternDesc(section, ref position),
            _ => false,
        };
    }

    /// <summary>externdesc: a sort byte and an index, or a value or type bound.</summary>
    private static bool SkipExternDesc(ReadOnlySpan<byte> section, ref int position)
    {
        switch (section[position++])
        {
            case 0x00: // core module: 0x11 typeidx
                position++;
                ReadU32(section, ref position);
                return true;
            case 0x01 or 0x04 or 0x05: // func, component, instance: typeidx
                ReadU32(section, ref position);
                return true;
            case 0x02: // value bound: 0x00 valueidx | 0x01 valtype (an s33 index or a primitive byte, LEB either way)
                position++;
                ReadU32(section, ref position);
                return true;
            case 0x03: // type bound: 0x00 eq typeidx | 0x01 sub resource
                if (section[position++] == 0x00)
                {
                    ReadU32(section, ref position);
                }

                return true;
            default:
                return false;
        }
    }

    private static string ReadString(ReadOnlySpan<byte> bytes, ref int position)
    {
        var length = (int)ReadU32(bytes, ref position);
        var text = Encoding.UTF8.GetString(bytes.Slice(position, length));
        position += length;
        return text;
    }

    private static uint ReadU32(ReadOnlySpan<byte> bytes, ref int position)
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = bytes[position++];
            result |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new OverflowException("LEB128 value too long");
    }
}
