using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>A <c>wasi:http/types.error-code</c> case; only <c>internal-error</c> carries a message here.</summary>
internal sealed record ErrorCode(string Case, string? Message = null)
{
    public static ErrorCode Internal(string message) => new("internal-error", message);

    public override string ToString() => Message is null ? Case : $"{Case}: {Message}";
}

/// <summary>The request the guest is handling (<c>incoming-request</c>); headers immutable, body consumed once.</summary>
internal sealed class IncomingRequest(string method, string? pathWithQuery, string? scheme, string? authority, Fields headers, Func<IncomingBody> body)
{
    private bool _consumed;

    public string Method { get; } = method;

    public string? PathWithQuery { get; } = pathWithQuery;

    public string? Scheme { get; } = scheme;

    public string? Authority { get; } = authority;

    public Fields Headers { get; } = headers;

    /// <summary>Whether the guest has taken the body.</summary>
    public bool IsConsumed => _consumed;

    /// <summary>The body, the first time; null after (<c>consume</c> answers an error then).</summary>
    public IncomingBody? Consume()
    {
        if (_consumed)
        {
            return null;
        }

        _consumed = true;
        return body();
    }
}

/// <summary>
/// <c>incoming-body</c>: one input stream, then <c>finish</c> for the trailers, which arrive once the rest of the
/// body has been read.
/// </summary>
internal sealed class IncomingBody(PipeInputStream stream, Func<Fields?> trailers)
{
    private bool _streamTaken;

    /// <summary>The body stream, the first time; null after.</summary>
    public InputStream? TakeStream()
    {
        if (_streamTaken)
        {
            return null;
        }

        _streamTaken = true;
        return stream;
    }

    /// <summary>Reads past whatever the guest left unread, then yields the trailers (null when there are none).</summary>
    public FutureTrailers Finish() => new(DrainThenTrailers());

    private async Task<Fields?> DrainThenTrailers()
    {
        await stream.DrainAsync();
        return trailers();
    }
}

/// <summary><c>future-trailers</c>: ready when the body has ended; its value can be taken once.</summary>
internal sealed class FutureTrailers(Task<Fields?> trailers)
{
    public Task<Fields?> Trailers { get; } = trailers;

    public bool Taken { get; set; }
}

/// <summary>The <c>response-outparam</c> of the request: the guest sets it once with a response or an error code.</summary>
internal sealed class ResponseOutparam;

/// <summary><c>outgoing-response</c>: status, headers, and a body handed out once.</summary>
internal sealed class OutgoingResponse(Fields headers)
{
    public ushort Status { get; set; } = 200;

    public Fields Headers { get; } = headers;

    /// <summary>Set by <c>body()</c>; the response is sent with it when the outparam is set.</summary>
    public OutgoingBody? Body { get; set; }

    /// <summary>Set when the outparam was set with this response: the body streams straight to the client from then.</summary>
    public Action<OutgoingBody>? OnBody { get; set; }
}

/// <summary>
/// <c>outgoing-body</c>: one output stream, then <c>finish</c> with optional trailers. Dropped without
/// <c>finish</c>, the body is incomplete and the receiver must see an error, never a silently truncated message.
/// </summary>
internal sealed class OutgoingBody(OutputStream stream, Action<Fields?>? onFinish, Action? onAbandon = null) : IDisposable
{
    private bool _streamTaken;

    public OutputStream Stream { get; } = stream;

    public bool IsFinished { get; private set; }

    public bool IsAbandoned { get; private set; }

    public OutputStream? TakeStream()
    {
        if (_streamTaken)
        {
            return null;
        }

        _streamTaken = true;
        return Stream;
    }

    public void Finish(Fields? trailers)
    {
        IsFinished = true;
        onFinish?.Invoke(trailers);
    }

    /// <summary>The guest dropped the body without finishing it.</summary>
    public void Dispose()
    {
        if (!IsFinished && !IsAbandoned)
        {
            IsAbandoned = true;
            onAbandon?.Invoke();
        }
    }
}

/// <summary><c>outgoing-request</c>: what a guest builds for <c>outgoing-handler.handle</c>.</summary>
internal sealed class OutgoingRequest(Fields headers)
{
    public string Method { get; set; } = "GET";

    public string? PathWithQuery { get; set; }

    public string? Scheme { get; set; }

    public string? Authority { get; set; }

    public Fields Headers { get; } = headers;

    public OutgoingBody? Body { get; set; }

    /// <summary>What the body's stream writes, for the HTTP client to send; set with <see cref="Body"/>.</summary>
    public System.IO.Pipelines.PipeReader? BodyReader { get; set; }
}

/// <summary><c>request-options</c>: timeouts in nanoseconds, null when unset.</summary>
internal sealed class RequestOptions
{
    public ulong? ConnectTimeout { get; set; }

    public ulong? FirstByteTimeout { get; set; }

    public ulong? BetweenBytesTimeout { get; set; }
}

/// <summary><c>incoming-response</c>: the answer to an outgoing request.</summary>
internal sealed class IncomingResponse(ushort status, Fields headers, Func<IncomingBody> body)
{
    private bool _consumed;

    public ushort Status { get; } = status;

    public Fields Headers { get; } = headers;

    public IncomingBody? Consume()
    {
        if (_consumed)
        {
            return null;
        }

        _consumed = true;
        return body();
    }
}

/// <summary><c>future-incoming-response</c>: a response or an error code, taken once.</summary>
internal sealed class FutureIncomingResponse(Task<(IncomingResponse? Response, ErrorCode? Error)> response)
{
    public Task<(IncomingResponse? Response, ErrorCode? Error)> Response { get; } = response;

    public bool Taken { get; set; }
}
