using System.Text;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>
/// The names a component binary imports at its top level (e.g. <c>wasi:http/types@0.2.10</c>), read from its import
/// sections. Wasmtime's C API can list them too, but the item it writes for each does not match the header's layout in
/// 50.0.1 (deleting it crashed the process), so the binary is read directly: sections are length-prefixed and only the
/// top level's import sections (id 10) are parsed, nested components are skipped whole.
/// </summary>
internal static class ComponentImports
{
    private const byte ImportSection = 10;

    /// <summary>The import names, or null when the bytes are not a component binary this reader understands.</summary>
    public static IReadOnlyList<string>? Read(ReadOnlySpan<byte> wasm)
    {
        // Preamble: \0asm, version 0x0d 0x00, layer 0x01 0x00.
        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8) || wasm[6] != 0x01)
        {
            return null;
        }

        var names = new List<string>();
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

                if (id == ImportSection && !ReadImports(wasm[position..end], names))
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

        return names;
    }

    private static bool ReadImports(ReadOnlySpan<byte> section, List<string> names)
    {
        var position = 0;
        var count = ReadU32(section, ref position);
        for (var i = 0u; i < count; i++)
        {
            // importname' ::= 0x00 len name | 0x01 len name versionsuffix (len bytes)
            var form = section[position++];
            if (form is not (0x00 or 0x01))
            {
                return false;
            }

            var length = (int)ReadU32(section, ref position);
            names.Add(Encoding.UTF8.GetString(section.Slice(position, length)));
            position += length;
            if (form == 0x01)
            {
                var suffix = (int)ReadU32(section, ref position);
                position += suffix;
            }

            if (!SkipExternDesc(section, ref position))
            {
                return false;
            }
        }

        return true;
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
