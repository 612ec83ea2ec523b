using System.Text;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// Reads one HTTP/1.1 response from a raw connection, body by <c>Content-Length</c> or chunked, handing each piece of
/// the body to a callback as it arrives. HttpClient will not do for a streaming echo: over HTTP/1.1 it reads the
/// response only after sending the whole request, and an echo whose response nobody reads stops reading the request.
/// </summary>
internal sealed class RawHttpResponse(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public int Status { get; private set; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the status line and headers, then the body into <paramref name="onBody"/>; returns the body length.</summary>
    public async Task<long> ReadAsync(Action<ReadOnlySpan<byte>> onBody, CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(cancellationToken);
        Status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        for (var line = await ReadLineAsync(cancellationToken); line.Length > 0; line = await ReadLineAsync(cancellationToken))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (Headers.TryGetValue("content-length", out var length))
        {
            return await CopyAsync(long.Parse(length, System.Globalization.CultureInfo.InvariantCulture), onBody, cancellationToken);
        }

        if (!Headers.TryGetValue("transfer-encoding", out var encoding) || !encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException("the response has neither a length nor chunked encoding");
        }

        long total = 0;
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken);
            var size = Convert.ToInt64(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                return total;
            }

            total += await CopyAsync(size, onBody, cancellationToken);
            if ((await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw new InvalidDataException("a chunk did not end with CRLF");
            }
        }
    }

    private async Task<long> CopyAsync(long count, Action<ReadOnlySpan<byte>> onBody, CancellationToken cancellationToken)
    {
        var left = count;
        while (left > 0)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = (int)Math.Min(left, _end - _start);
            onBody(_buffer.AsSpan(_start, take));
            _start += take;
            left -= take;
        }

        return count;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.Append(Encoding.ASCII.GetString(_buffer, _start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                return line.ToString().TrimEnd('\r');
            }
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        if (_end == 0)
        {
            throw new EndOfStreamException("the connection closed in the middle of the response");
        }
    }
}
