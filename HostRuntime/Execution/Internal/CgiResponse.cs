using System.Globalization;
using System.Text;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// A CGI response (RFC 3875 §6) read from a command's stdout: header lines (<c>Status: 404 Not Found</c>,
/// <c>Content-Type: …</c>, <c>Location: …</c>, any other header), a blank line, then the body. Output that does not
/// start with such a header block is all body, served as 200 <c>text/plain</c>, so a plain "hello" program works.
/// </summary>
internal sealed record CgiResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body)
{
    public const string DefaultContentType = "text/plain; charset=utf-8";

    /// <summary>Header blocks beyond this are not headers: the output is taken as body.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    // Framing is the host's business: Kestrel sets these from the body it is given.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer", "TE", "Proxy-Connection",
    };

    /// <summary>Parses stdout; false with <paramref name="error"/> when the output has a header block that breaks the rules.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> output, out CgiResponse response, out string? error)
    {
        error = null;
        var span = output.Span;
        var headers = new List<KeyValuePair<string, string>>();
        var position = 0;
        while (true)
        {
            var newline = span[position..].IndexOf((byte)'\n');
            if (newline < 0 || position + newline > MaxHeaderBytes)
            {
                // No blank line ends a header block: everything is body.
                response = PlainText(output);
                return true;
            }

            var line = span.Slice(position, newline);
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            position += newline + 1;
            if (line.IsEmpty)
            {
                break;
            }

            if (!TrySplitHeader(line, out var name, out var value))
            {
                response = PlainText(output);
                return true;
            }

            if (!IsValidValue(value))
            {
                response = PlainText(ReadOnlyMemory<byte>.Empty);
                error = $"header '{name}' has characters HTTP does not allow";
                return false;
            }

            headers.Add(new(name, value));
        }

        if (headers.Count == 0)
        {
            // A leading blank line: nothing to interpret, the rest is body.
            response = PlainText(output[position..]);
            return true;
        }

        var status = StatusCodesFor(headers, out error);
        if (status is null)
        {
            response = PlainText(ReadOnlyMemory<byte>.Empty);
            return false;
        }

        var passed = headers
            .Where(h => !h.Key.Equals("Status", StringComparison.OrdinalIgnoreCase) && !HopByHop.Contains(h.Key))
            .ToList();
        if (!passed.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) && output.Length > position)
        {
            passed.Add(new("Content-Type", DefaultContentType));
        }

        response = new CgiResponse(status.Value, passed, output[position..]);
        return true;
    }

    private static CgiResponse PlainText(ReadOnlyMemory<byte> body) =>
        new(200, [new("Content-Type", DefaultContentType)], body);

    private static int? StatusCodesFor(List<KeyValuePair<string, string>> headers, out string? error)
    {
        error = null;
        var status = headers.FirstOrDefault(h => h.Key.Equals("Status", StringComparison.OrdinalIgnoreCase)).Value;
        if (status is null)
        {
            // RFC 3875 §6.2.3: a Location without a Status is a client redirect.
            return headers.Any(h => h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)) ? 302 : 200;
        }

        var code = status.Split(' ', 2)[0];
        if (code.Length == 3 && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 100 and <= 599)
        {
            return value;
        }

        error = $"Status '{status}' is not a three-digit HTTP status";
        return null;
    }

    private static bool TrySplitHeader(ReadOnlySpan<byte> line, out string name, out string value)
    {
        name = value = "";
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        foreach (var b in line[..colon])
        {
            if (!IsTokenChar(b))
            {
                return false;
            }
        }

        name = Encoding.ASCII.GetString(line[..colon]);
        value = Encoding.Latin1.GetString(line[(colon + 1)..]).Trim(' ', '\t');
        return true;
    }

    private static bool IsTokenChar(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            || "!#$%&'*+-.^_`|~".Contains((char)b, StringComparison.Ordinal);

    /// <summary>Kestrel sends only visible ASCII, spaces and tabs in header values.</summary>
    private static bool IsValidValue(string value) => value.All(c => c == '\t' || c is >= ' ' and <= '~');
}
