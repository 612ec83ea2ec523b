using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>
/// <c>wasi:http/outgoing-handler</c> for one component: an <see cref="HttpClient"/> with its own connection pool (the
/// reference keeps one per workload) behind the component's <see cref="EgressPolicy"/>. Request bodies stream from
/// the guest's output stream through a pipe; response bodies stream back through a <see cref="PipeInputStream"/>.
/// </summary>
internal sealed class OutgoingHttp : IDisposable
{
    /// <summary>How much of a request body may be written before the client takes it (guests often write it all first).</summary>
    public const int RequestBodyBuffer = 16 * 1024 * 1024;

    private readonly HttpClient _client;

    public OutgoingHttp(EgressPolicy policy)
    {
        Policy = policy;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
        })
        {
            // Deadlines come from the request's store (and request-options), not from a client-wide timeout.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public EgressPolicy Policy { get; }

    /// <summary>A new body for <paramref name="request"/>: what the guest writes goes into a pipe the client reads.</summary>
    public static OutgoingBody NewRequestBody(OutgoingRequest request, CancellationToken interrupt)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: RequestBodyBuffer, resumeWriterThreshold: RequestBodyBuffer / 2));
        var stream = new BodyOutputStream(interrupt);
        stream.Attach(pipe.Writer);
        var body = new OutgoingBody(
            stream,
            _ =>
            {
                // Request trailers are not sent: HttpClient has no way to.
                stream.Complete(interrupt);
                pipe.Writer.Complete();
            },
            () => pipe.Writer.Complete(new IOException("the component dropped the request body without finishing it")));
        request.Body = body;
        request.BodyReader = pipe.Reader;
        return body;
    }

    /// <summary>Starts sending <paramref name="request"/>; an error code instead when it cannot even start.</summary>
    public (FutureIncomingResponse? Future, ErrorCode? Error) Send(OutgoingRequest request, RequestOptions? options, HttpRequestContext context)
    {
        var scheme = request.Scheme ?? "https";
        if (request.Authority is not { Length: > 0 } authority
            || !Uri.TryCreate($"{scheme}://{authority}{request.PathWithQuery ?? "/"}", UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            return (null, new ErrorCode("HTTP-request-URI-invalid"));
        }

        if (!Policy.Allows(uri.Scheme, uri.IdnHost, uri.Port))
        {
            return (null, new ErrorCode("HTTP-request-denied"));
        }

        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.BodyReader is { } body)
        {
            message.Content = new StreamContent(body.AsStream());
        }

        foreach (var entry in request.Headers.Entries)
        {
            var value = Encoding.Latin1.GetString(entry.Value);
            if (!message.Headers.TryAddWithoutValidation(entry.Name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(entry.Name, value);
            }
        }

        // connect-timeout and first-byte-timeout together bound the wait for the response head.
        var headDeadline = (options?.ConnectTimeout, options?.FirstByteTimeout) switch
        {
            (null, null) => (TimeSpan?)null,
            var (connect, firstByte) => TimeSpan.FromTicks((long)(((connect ?? 0) + (firstByte ?? 0)) / 100)),
        };
        context.NoteOutgoing();
        return (new FutureIncomingResponse(SendAsync(message, headDeadline, context)), null);
    }

    public void Dispose() => _client.Dispose();

    private async Task<(IncomingResponse? Response, ErrorCode? Error)> SendAsync(HttpRequestMessage message, TimeSpan? headDeadline, HttpRequestContext context)
    {
        // Taken now: the context may be disposed (the request over) before the response arrives.
        var ended = context.Ended;
        using var head = CancellationTokenSource.CreateLinkedTokenSource(ended);
        if (headDeadline is { } deadline)
        {
            head.CancelAfter(deadline);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, head.Token);
        }
        catch (OperationCanceledException) when (!ended.IsCancellationRequested)
        {
            message.Dispose();
            return (null, new ErrorCode("HTTP-response-timeout"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            message.Dispose();
            return (null, ErrorFor(e));
        }

        // The response lives as long as the request being served; disposing it then releases the connection.
        context.OwnUntilDisposed(response);
        context.OwnUntilDisposed(message);
        var headers = Fields.FromHost(
            response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v))));
        Stream stream;
        try
        {
            stream = await response.Content.ReadAsStreamAsync(ended);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return (null, ErrorFor(e));
        }

        var body = new PipeInputStream(PipeReader.Create(stream), context.Interrupt);
        return (new IncomingResponse((ushort)response.StatusCode, headers, () => new IncomingBody(body, () => Trailers(response.TrailingHeaders))), null);
    }

    private static Fields? Trailers(HttpResponseHeaders trailers) =>
        trailers.Any() ? Fields.FromHost(trailers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v)))) : null;

    private static ErrorCode ErrorFor(Exception exception)
    {
        var socket = exception as SocketException ?? exception.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => new ErrorCode("connection-refused"),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new ErrorCode("destination-not-found"),
            SocketError.TimedOut => new ErrorCode("connection-timeout"),
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => new ErrorCode("destination-unavailable"),
            SocketError.ConnectionReset or SocketError.ConnectionAborted => new ErrorCode("connection-terminated"),
            _ => ErrorCode.Internal(exception.GetBaseException().Message),
        };
    }
}
