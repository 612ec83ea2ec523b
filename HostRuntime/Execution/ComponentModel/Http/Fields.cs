using System.Text;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>Why a header change was refused: the cases of <c>wasi:http/types.header-error</c>.</summary>
internal enum HeaderError
{
    None,
    InvalidSyntax,
    Forbidden,
    Immutable,
}

/// <summary>
/// The <c>wasi:http/types.fields</c> resource: ordered name/value pairs, names lower-cased (HTTP names are
/// case-insensitive, and Wasmtime's implementation lower-cases them too), values raw bytes. Validation follows
/// Wasmtime's: names must be RFC 9110 tokens, values visible ASCII, tab or obs-text, and the hop-by-hop and framing
/// names it forbids are refused (and stripped from what the guest receives). Views handed out by
/// <c>headers()</c> of a request or response share the parent's entries and are immutable.
/// </summary>
internal sealed class Fields
{
    /// <summary>Wasmtime's default field size limit: past it, a write traps (it is a guest bug or an attack).</summary>
    public const int SizeLimit = 128 * 1024;

    private static readonly HashSet<string> ForbiddenNames = new(StringComparer.Ordinal)
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "transfer-encoding",
        "upgrade", "host", "http2-settings",
    };

    private readonly List<Entry> _entries;

    public Fields(bool immutable = false)
        : this([], immutable)
    {
    }

    private Fields(List<Entry> entries, bool immutable)
    {
        _entries = entries;
        IsImmutable = immutable;
    }

    public bool IsImmutable { get; }

    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>An immutable view over the same entries (a child handle such as <c>outgoing-response.headers</c>).</summary>
    public Fields ImmutableView() => new(_entries, immutable: true);

    /// <summary>A mutable copy (<c>fields.clone</c>).</summary>
    public Fields Clone() => new([.. _entries], immutable: false);

    /// <summary>Fields the host fills (request headers, trailers): forbidden names are dropped, the rest kept as is.</summary>
    public static Fields FromHost(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var entries = new List<Entry>();
        foreach (var (name, value) in pairs)
        {
            var lower = name.ToLowerInvariant();
            if (!ForbiddenNames.Contains(lower) && IsValidName(lower))
            {
                entries.Add(new Entry(lower, Encoding.UTF8.GetBytes(value)));
            }
        }

        return new Fields(entries, immutable: true);
    }

    public static bool IsForbidden(string name) => ForbiddenNames.Contains(name);

    public List<byte[]> Get(string name)
    {
        var lower = name.ToLowerInvariant();
        return [.. _entries.Where(e => e.Name == lower).Select(e => e.Value)];
    }

    public bool Has(string name)
    {
        var lower = name.ToLowerInvariant();
        return _entries.Exists(e => e.Name == lower);
    }

    public HeaderError Set(string name, IReadOnlyList<byte[]> values)
    {
        if (Check(name, values) is var error and not HeaderError.None)
        {
            return error;
        }

        var lower = name.ToLowerInvariant();
        CheckSize(Size - _entries.Where(e => e.Name == lower).Sum(EntrySize) + values.Sum(v => lower.Length + v.Length));
        _entries.RemoveAll(e => e.Name == lower);
        _entries.AddRange(values.Select(v => new Entry(lower, v)));
        return HeaderError.None;
    }

    public HeaderError Delete(string name)
    {
        if (Check(name, []) is var error and not HeaderError.None)
        {
            return error;
        }

        var lower = name.ToLowerInvariant();
        _entries.RemoveAll(e => e.Name == lower);
        return HeaderError.None;
    }

    public HeaderError Append(string name, byte[] value)
    {
        if (Check(name, [value]) is var error and not HeaderError.None)
        {
            return error;
        }

        var entry = new Entry(name.ToLowerInvariant(), value);
        CheckSize(Size + EntrySize(entry));
        _entries.Add(entry);
        return HeaderError.None;
    }

    private HeaderError Check(string name, IReadOnlyList<byte[]> values)
    {
        if (IsImmutable)
        {
            return HeaderError.Immutable;
        }

        var lower = name.ToLowerInvariant();
        if (!IsValidName(lower) || !values.All(IsValidValue))
        {
            return HeaderError.InvalidSyntax;
        }

        return ForbiddenNames.Contains(lower) ? HeaderError.Forbidden : HeaderError.None;
    }

    private int Size => _entries.Sum(EntrySize);

    private static int EntrySize(Entry entry) => entry.Name.Length + entry.Value.Length;

    private static void CheckSize(int size)
    {
        if (size > SizeLimit)
        {
            throw new InvalidOperationException($"fields would grow past {SizeLimit} bytes");
        }
    }

    /// <summary>An RFC 9110 token: one or more of ALPHA, DIGIT and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    /// <summary>As the <c>http</c> crate's <c>HeaderValue::from_bytes</c>: no control characters except tab, no DEL.</summary>
    public static bool IsValidValue(byte[] value) => value.All(b => b == (byte)'\t' || (b >= 0x20 && b != 0x7f));

    public readonly record struct Entry(string Name, byte[] Value);
}
