using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>
/// The host state of one <c>wasi:http/incoming-handler.handle</c> call: the Kestrel request it serves, the response
/// the guest sets, and what became of its body. Lives in the request's store and is touched only on the store's
/// thread; the request handler reads the outcome after the call returns.
/// </summary>
internal sealed class HttpRequestContext : WasiContext
{
    private readonly HttpContext _http;
    private readonly Lock _ownedLock = new();
    private readonly List<IDisposable> _owned = [];
    private readonly CancellationTokenSource _ended;
    private bool _disposed;

    public HttpRequestContext(
        HttpContext http,
        OutgoingHttp outgoing,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        Action<string> stdoutLine,
        Action<string> stderrLine,
        CancellationToken interrupt)
        : base(environment, stdoutLine, stderrLine)
    {
        _http = http;
        Outgoing = outgoing;
        Interrupt = interrupt;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
    }

    /// <summary>
    /// Cancelled with <see cref="Interrupt"/> and also when the request is over: outgoing requests the guest started
    /// but left behind end with it.
    /// </summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>The component's outgoing HTTP client and egress policy.</summary>
    public OutgoingHttp Outgoing { get; }

    /// <summary>The store's interrupt token: deadline, client gone, workload stopping.</summary>
    public CancellationToken Interrupt { get; }

    /// <summary>Set when the guest set the outparam with a response.</summary>
    public OutgoingResponse? Response { get; private set; }

    /// <summary>Set when the guest set the outparam with an error code instead.</summary>
    public ErrorCode? ResponseError { get; private set; }

    /// <summary>The response's body once the guest asked for it (null: the response has an empty body).</summary>
    public OutgoingBody? ResponseBody => Response?.Body;

    /// <summary>Whether status and headers have been handed to Kestrel (body bytes may have gone out).</summary>
    public bool ResponseStarted { get; private set; }

    /// <summary>
    /// Disposes <paramref name="disposable"/> when the request ends (outgoing responses and their connections). May be
    /// called from any thread; after the end it disposes at once.
    /// </summary>
    public void OwnUntilDisposed(IDisposable disposable)
    {
        lock (_ownedLock)
        {
            if (!_disposed)
            {
                _owned.Add(disposable);
                return;
            }
        }

        disposable.Dispose();
    }

    public override void Dispose()
    {
        base.Dispose();
        IDisposable[] owned;
        lock (_ownedLock)
        {
            _disposed = true;
            owned = [.. _owned];
            _owned.Clear();
        }

        _ended.Cancel();
        foreach (var disposable in owned)
        {
            disposable.Dispose();
        }

        _ended.Dispose();
    }

    /// <summary>The <c>incoming-request</c> for the handler call.</summary>
    public IncomingRequest NewIncomingRequest()
    {
        var request = _http.Request;
        var rawTarget = _http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var pathWithQuery = string.IsNullOrEmpty(rawTarget) ? (request.PathBase + request.Path + request.QueryString).ToString() : rawTarget;
        var headers = Fields.FromHost(request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? ""))));
        var authority = request.Host.HasValue ? request.Host.Value : null;
        return new IncomingRequest(request.Method, pathWithQuery, request.Scheme, authority, headers, NewIncomingBody);
    }

    /// <summary><c>response-outparam.set</c> with a response: status and headers go to Kestrel, the body follows.</summary>
    public void SetResponse(OutgoingResponse response)
    {
        ThrowIfSet();
        Response = response;
        var target = _http.Response;
        target.StatusCode = response.Status;
        foreach (var entry in response.Headers.Entries)
        {
            // Header values are octets on the wire; Kestrel takes strings and sends Latin-1, which maps back 1:1.
            target.Headers.Append(entry.Name, Encoding.Latin1.GetString(entry.Value));
        }

        ResponseStarted = true;
        if (response.Body is { } body)
        {
            Attach(body);
        }

        response.OnBody = Attach;
    }

    /// <summary><c>response-outparam.set</c> with an error code: the client gets a 500 naming it.</summary>
    public void SetError(ErrorCode error)
    {
        ThrowIfSet();
        ResponseError = error;
    }

    /// <summary>A new body stream for a response the guest builds.</summary>
    public OutgoingBody NewResponseBody(OutgoingResponse response)
    {
        var stream = new BodyOutputStream(Interrupt);
        var body = new OutgoingBody(stream, trailers => FinishResponse(stream, trailers));
        response.Body = body;
        response.OnBody?.Invoke(body);
        return body;
    }

    private void Attach(OutgoingBody body) => ((BodyOutputStream)body.Stream).Attach(_http.Response.BodyWriter);

    private void FinishResponse(BodyOutputStream stream, Fields? trailers)
    {
        stream.Complete(Interrupt);
        if (trailers is null || trailers.Entries.Count == 0)
        {
            return;
        }

        // HTTP/1.1 without chunking cannot carry trailers; Kestrel says whether this response can.
        if (_http.Response.SupportsTrailers())
        {
            foreach (var entry in trailers.Entries)
            {
                _http.Response.AppendTrailer(entry.Name, Encoding.Latin1.GetString(entry.Value));
            }
        }
    }

    private IncomingBody NewIncomingBody()
    {
        // Kestrel caps request bodies at 30 MB by default, which is a guard for apps that buffer them. A component
        // reads its body as a stream, in flow with its response, within the request deadline: no cap of ours applies.
        if (_http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var stream = new PipeInputStream(_http.Request.BodyReader, Interrupt);
        return new IncomingBody(stream, RequestTrailers);
    }

    private Fields? RequestTrailers()
    {
        var feature = _http.Features.Get<IHttpRequestTrailersFeature>();
        if (feature is not { Available: true } || feature.Trailers.Count == 0)
        {
            return null;
        }

        return Fields.FromHost(feature.Trailers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? ""))));
    }

    private void ThrowIfSet()
    {
        if (Response is not null || ResponseError is not null)
        {
            throw new InvalidOperationException("the response-outparam was already set");
        }
    }
}
