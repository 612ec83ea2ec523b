using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>
/// <c>wasi:http/types</c> and <c>wasi:http/outgoing-handler</c> (0.2.x) implemented in C#, for a store whose
/// <see cref="ComponentStore.Host"/> is an <see cref="HttpRequestContext"/>. Outgoing requests go through
/// <see cref="OutgoingHttp"/>, within the component's <c>allowedHosts</c> (none: every request is
/// <c>HTTP-request-denied</c>).
/// </summary>
internal static unsafe class WasiHttpInterfaces
{
    public const string Version = "0.2.12";

    public const string IncomingHandler = "wasi:http/incoming-handler";

    /// <summary>
    /// The <c>wasi:http/incoming-handler</c> versions a component may export, newest first, for when the binary cannot
    /// be read (text format): Wasmtime's lookup matches any 0.2.x export with any of them.
    /// </summary>
    public static readonly IReadOnlyList<string> IncomingHandlerVersions =
        [.. Enumerable.Range(0, 16).Reverse().Select(minor => $"{IncomingHandler}@0.2.{minor}")];

    private static readonly string[] KnownMethods = ["get", "head", "post", "put", "delete", "connect", "options", "trace", "patch"];

    public static void Define(HostLinker linker)
    {
        linker.DefineInterface($"wasi:http/types@{Version}", i =>
        {
            i.Resource("fields", WasiResourceTypes.Fields);
            i.Resource("incoming-request", WasiResourceTypes.IncomingRequest);
            i.Resource("outgoing-request", WasiResourceTypes.OutgoingRequest);
            i.Resource("request-options", WasiResourceTypes.RequestOptions);
            i.Resource("response-outparam", WasiResourceTypes.ResponseOutparam);
            i.Resource("incoming-response", WasiResourceTypes.IncomingResponse);
            i.Resource("incoming-body", WasiResourceTypes.IncomingBody);
            i.Resource("future-trailers", WasiResourceTypes.FutureTrailers);
            i.Resource("outgoing-response", WasiResourceTypes.OutgoingResponse);
            i.Resource("outgoing-body", WasiResourceTypes.OutgoingBody);
            i.Resource("future-incoming-response", WasiResourceTypes.FutureIncomingResponse);

            i.Function("http-error-code", (ref HostCall c) => Vals.WriteNone(c.Result()));

            i.Function("[constructor]fields", (ref HostCall c) => c.WriteOwn(c.Result(), WasiResourceTypes.Fields, new Fields()));
            i.Function("[static]fields.from-list", FieldsFromList);
            i.Function("[method]fields.get", FieldsGet);
            i.Function("[method]fields.has", (ref HostCall c) => Vals.WriteBool(c.Result(), c.Borrow<Fields>(0).Has(Vals.ReadString(c.Arg(1)))));
            i.Function("[method]fields.set", FieldsSet);
            i.Function("[method]fields.delete", (ref HostCall c) =>
                WriteHeaderResult(c.Result(), c.Borrow<Fields>(0).Delete(Vals.ReadString(c.Arg(1)))));
            i.Function("[method]fields.append", (ref HostCall c) =>
                WriteHeaderResult(c.Result(), c.Borrow<Fields>(0).Append(Vals.ReadString(c.Arg(1)), Vals.ReadBytes(c.Arg(2)))));
            i.Function("[method]fields.entries", FieldsEntries);
            i.Function("[method]fields.clone", (ref HostCall c) => c.WriteOwn(c.Result(), WasiResourceTypes.Fields, c.Borrow<Fields>(0).Clone()));

            i.Function("[method]incoming-request.method", (ref HostCall c) => WriteMethod(c.Result(), c.Borrow<IncomingRequest>(0).Method));
            i.Function("[method]incoming-request.path-with-query", (ref HostCall c) =>
                WriteOptionalString(c.Result(), c.Borrow<IncomingRequest>(0).PathWithQuery));
            i.Function("[method]incoming-request.scheme", (ref HostCall c) => WriteOptionalScheme(c.Result(), c.Borrow<IncomingRequest>(0).Scheme));
            i.Function("[method]incoming-request.authority", (ref HostCall c) =>
                WriteOptionalString(c.Result(), c.Borrow<IncomingRequest>(0).Authority));
            i.Function("[method]incoming-request.headers", (ref HostCall c) =>
                c.WriteOwn(c.Result(), WasiResourceTypes.Fields, c.Borrow<IncomingRequest>(0).Headers.ImmutableView()));
            i.Function("[method]incoming-request.consume", (ref HostCall c) =>
                WriteOwnOrError(ref c, WasiResourceTypes.IncomingBody, c.Borrow<IncomingRequest>(0).Consume()));

            i.Function("[method]incoming-body.stream", (ref HostCall c) =>
                WriteOwnOrError(ref c, WasiResourceTypes.InputStream, c.Borrow<IncomingBody>(0).TakeStream()));
            i.Function("[static]incoming-body.finish", (ref HostCall c) =>
                c.WriteOwn(c.Result(), WasiResourceTypes.FutureTrailers, c.Own<IncomingBody>(0).Finish()));
            i.Function("[method]future-trailers.subscribe", (ref HostCall c) =>
                c.WriteOwn(c.Result(), WasiResourceTypes.Pollable, new TaskPollable(c.Borrow<FutureTrailers>(0).Trailers)));
            i.Function("[method]future-trailers.get", FutureTrailersGet);

            i.Function("[constructor]outgoing-response", (ref HostCall c) =>
                c.WriteOwn(c.Result(), WasiResourceTypes.OutgoingResponse, new OutgoingResponse(c.Own<Fields>(0).ImmutableView())));
            i.Function("[method]outgoing-response.status-code", (ref HostCall c) => Vals.WriteU16(c.Result(), c.Borrow<OutgoingResponse>(0).Status));
            i.Function("[method]outgoing-response.set-status-code", OutgoingResponseSetStatus);
            i.Function("[method]outgoing-response.headers", (ref HostCall c) =>
                c.WriteOwn(c.Result(), WasiResourceTypes.Fields, c.Borrow<OutgoingResponse>(0).Headers.ImmutableView()));
            i.Function("[method]outgoing-response.body", OutgoingResponseBody);

            i.Function("[method]outgoing-body.write", (ref HostCall c) =>
                WriteOwnOrError(ref c, WasiResourceTypes.OutputStream, c.Borrow<OutgoingBody>(0).TakeStream()));
            i.Function("[static]outgoing-body.finish", OutgoingBodyFinish);

            i.Function("[static]response-outparam.set", ResponseOutparamSet);
            i.Function("[method]response-outparam.send-informational", (ref HostCall c) =>
            {
                // Informational (1xx) responses are unstable in wasi:http and not forwarded by this host.
                ComponentVal error;
                WriteErrorCode(&error, new ErrorCode("HTTP-protocol-error"));
                Vals.WriteErr(c.Result(), &error);
            });

            DefineOutgoingRequest(i);
            DefineIncomingResponse(i);
        });

        linker.DefineInterface($"wasi:http/outgoing-handler@{Version}", i => i.Function("handle", OutgoingHandle));
    }

    /// <summary>The case name of an <c>error-code</c> the guest gave, with its message for <c>internal-error</c>.</summary>
    public static ErrorCode ReadErrorCode(ComponentVal* value)
    {
        var name = Encoding.UTF8.GetString(Vals.ReadVariant(value, out var payload));
        string? message = null;
        if (payload is not null && payload->Kind == ComponentValKind.Option && Vals.ReadOption(payload) is var some && some is not null
            && some->Kind == ComponentValKind.String)
        {
            message = Vals.ReadString(some);
        }

        return new ErrorCode(name, message);
    }

    public static void WriteErrorCode(ComponentVal* value, ErrorCode error)
    {
        if (error.Case == "internal-error")
        {
            ComponentVal message;
            if (error.Message is null)
            {
                Vals.WriteNone(&message);
            }
            else
            {
                ComponentVal text;
                Vals.WriteString(&text, error.Message);
                Vals.WriteSome(&message, &text);
            }

            Vals.WriteVariant(value, "internal-error"u8, &message);
            return;
        }

        Vals.WriteVariant(value, Encoding.UTF8.GetBytes(error.Case));
    }

    private static void FieldsFromList(ref HostCall call)
    {
        var fields = new Fields();
        var error = HeaderError.None;
        var list = Vals.ReadList(call.Arg(0));
        fixed (ComponentVal* entries = list)
        {
            for (var i = 0; i < list.Length && error == HeaderError.None; i++)
            {
                var pair = Vals.ReadTuple(entries + i);
                fixed (ComponentVal* items = pair)
                {
                    error = fields.Append(Vals.ReadString(items), Vals.ReadBytes(items + 1));
                }
            }
        }

        if (error == HeaderError.None)
        {
            ComponentVal handle;
            call.WriteOwn(&handle, WasiResourceTypes.Fields, fields);
            Vals.WriteOk(call.Result(), &handle);
        }
        else
        {
            WriteHeaderResult(call.Result(), error);
        }
    }

    private static void FieldsGet(ref HostCall call)
    {
        var values = call.Borrow<Fields>(0).Get(Vals.ReadString(call.Arg(1)));
        var list = Vals.WriteList(call.Result(), values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            Vals.WriteBytes(list + i, values[i]);
        }
    }

    private static void FieldsSet(ref HostCall call)
    {
        var fields = call.Borrow<Fields>(0);
        var name = Vals.ReadString(call.Arg(1));
        var list = Vals.ReadList(call.Arg(2));
        var values = new List<byte[]>(list.Length);
        fixed (ComponentVal* items = list)
        {
            for (var i = 0; i < list.Length; i++)
            {
                values.Add(Vals.ReadBytes(items + i));
            }
        }

        WriteHeaderResult(call.Result(), fields.Set(name, values));
    }

    private static void FieldsEntries(ref HostCall call)
    {
        var entries = call.Borrow<Fields>(0).Entries;
        var list = Vals.WriteList(call.Result(), entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var pair = Vals.WriteTuple(list + i, 2);
            Vals.WriteString(pair, entries[i].Name);
            Vals.WriteBytes(pair + 1, entries[i].Value);
        }
    }

    private static void FutureTrailersGet(ref HostCall call)
    {
        var future = call.Borrow<FutureTrailers>(0);
        if (!CanTake(call.Result(), future.Trailers, future.Taken))
        {
            return;
        }

        future.Taken = true;
        ComponentVal inner;
        if (future.Trailers.IsCompletedSuccessfully)
        {
            ComponentVal trailers;
            if (future.Trailers.Result is { } fields)
            {
                ComponentVal handle;
                call.WriteOwn(&handle, WasiResourceTypes.Fields, fields);
                Vals.WriteSome(&trailers, &handle);
            }
            else
            {
                Vals.WriteNone(&trailers);
            }

            Vals.WriteOk(&inner, &trailers);
        }
        else
        {
            ComponentVal error;
            WriteErrorCode(&error, ErrorCode.Internal(future.Trailers.Exception?.GetBaseException().Message ?? "the body was not read to its end"));
            Vals.WriteErr(&inner, &error);
        }

        WriteTaken(call.Result(), &inner);
    }

    /// <summary>
    /// The start of a <c>future-*.get</c>, whose result is <c>option&lt;result&lt;value, ()&gt;&gt;</c>: writes <c>none</c> while
    /// <paramref name="value"/> is pending and <c>some(err)</c> once it was taken, and then answers false. True: the
    /// caller takes the value and writes it with <see cref="WriteTaken"/>.
    /// </summary>
    private static bool CanTake(ComponentVal* result, Task value, bool taken)
    {
        if (!value.IsCompleted)
        {
            Vals.WriteNone(result);
            return false;
        }

        if (taken)
        {
            ComponentVal err;
            Vals.WriteErr(&err);
            Vals.WriteSome(result, &err);
            return false;
        }

        return true;
    }

    /// <summary>The end of a <c>future-*.get</c> that took its value: <c>some(ok(value))</c>, moving <paramref name="value"/>.</summary>
    private static void WriteTaken(ComponentVal* result, ComponentVal* value)
    {
        ComponentVal ok;
        Vals.WriteOk(&ok, value);
        Vals.WriteSome(result, &ok);
    }

    private static void OutgoingResponseSetStatus(ref HostCall call)
    {
        var response = call.Borrow<OutgoingResponse>(0);
        var status = Vals.ReadU16(call.Arg(1));

        // As the http crate: three digits, 100 to 999.
        if (status is < 100 or > 999)
        {
            Vals.WriteErr(call.Result());
            return;
        }

        response.Status = status;
        Vals.WriteOk(call.Result());
    }

    private static void OutgoingResponseBody(ref HostCall call)
    {
        var response = call.Borrow<OutgoingResponse>(0);
        var body = response.Body is null ? call.Host<HttpRequestContext>().NewResponseBody(response) : null;
        WriteOwnOrError(ref call, WasiResourceTypes.OutgoingBody, body);
    }

    private static void OutgoingBodyFinish(ref HostCall call)
    {
        var body = call.Own<OutgoingBody>(0);
        var trailersOption = Vals.ReadOption(call.Arg(1));
        var trailers = trailersOption is null ? null : call.OwnNested<Fields>(trailersOption);
        try
        {
            body.Finish(trailers);
            Vals.WriteOk(call.Result());
        }
        catch (StreamFailure failure)
        {
            ComponentVal error;
            WriteErrorCode(&error, failure.IsClosed ? new ErrorCode("connection-terminated") : ErrorCode.Internal(failure.Message));
            Vals.WriteErr(call.Result(), &error);
        }
    }

    private static void ResponseOutparamSet(ref HostCall call)
    {
        call.Own<ResponseOutparam>(0);
        var context = call.Host<HttpRequestContext>();
        if (Vals.ReadResult(call.Arg(1), out var payload))
        {
            context.SetResponse(call.OwnNested<OutgoingResponse>(payload));
        }
        else
        {
            context.SetError(ReadErrorCode(payload));
        }
    }

    private static void DefineOutgoingRequest(HostLinker.InterfaceDefinition i)
    {
        i.Function("[constructor]outgoing-request", (ref HostCall c) =>
            c.WriteOwn(c.Result(), WasiResourceTypes.OutgoingRequest, new OutgoingRequest(c.Own<Fields>(0).ImmutableView())));
        i.Function("[method]outgoing-request.body", (ref HostCall c) =>
        {
            var request = c.Borrow<OutgoingRequest>(0);
            var body = request.Body is null ? OutgoingHttp.NewRequestBody(request, c.Host<HttpRequestContext>().Interrupt) : null;

            WriteOwnOrError(ref c, WasiResourceTypes.OutgoingBody, body);
        });
        i.Function("[method]outgoing-request.method", (ref HostCall c) => WriteMethod(c.Result(), c.Borrow<OutgoingRequest>(0).Method));
        i.Function("[method]outgoing-request.set-method", (ref HostCall c) =>
        {
            var request = c.Borrow<OutgoingRequest>(0);
            if (ReadMethod(c.Arg(1)) is { } method)
            {
                request.Method = method;
                Vals.WriteOk(c.Result());
            }
            else
            {
                Vals.WriteErr(c.Result());
            }
        });
        i.Function("[method]outgoing-request.path-with-query", (ref HostCall c) =>
            WriteOptionalString(c.Result(), c.Borrow<OutgoingRequest>(0).PathWithQuery));
        i.Function("[method]outgoing-request.set-path-with-query", (ref HostCall c) =>
        {
            c.Borrow<OutgoingRequest>(0).PathWithQuery = ReadOptionalString(c.Arg(1));
            Vals.WriteOk(c.Result());
        });
        i.Function("[method]outgoing-request.scheme", (ref HostCall c) => WriteOptionalScheme(c.Result(), c.Borrow<OutgoingRequest>(0).Scheme));
        i.Function("[method]outgoing-request.set-scheme", (ref HostCall c) =>
        {
            var scheme = Vals.ReadOption(c.Arg(1));
            c.Borrow<OutgoingRequest>(0).Scheme = scheme is null ? null : ReadScheme(scheme);
            Vals.WriteOk(c.Result());
        });
        i.Function("[method]outgoing-request.authority", (ref HostCall c) =>
            WriteOptionalString(c.Result(), c.Borrow<OutgoingRequest>(0).Authority));
        i.Function("[method]outgoing-request.set-authority", (ref HostCall c) =>
        {
            c.Borrow<OutgoingRequest>(0).Authority = ReadOptionalString(c.Arg(1));
            Vals.WriteOk(c.Result());
        });
        i.Function("[method]outgoing-request.headers", (ref HostCall c) =>
            c.WriteOwn(c.Result(), WasiResourceTypes.Fields, c.Borrow<OutgoingRequest>(0).Headers.ImmutableView()));

        i.Function("[constructor]request-options", (ref HostCall c) => c.WriteOwn(c.Result(), WasiResourceTypes.RequestOptions, new RequestOptions()));
        i.Function("[method]request-options.connect-timeout", (ref HostCall c) => WriteOptionalU64(c.Result(), c.Borrow<RequestOptions>(0).ConnectTimeout));
        i.Function("[method]request-options.set-connect-timeout", (ref HostCall c) =>
        {
            c.Borrow<RequestOptions>(0).ConnectTimeout = ReadOptionalU64(c.Arg(1));
            Vals.WriteOk(c.Result());
        });
        i.Function("[method]request-options.first-byte-timeout", (ref HostCall c) => WriteOptionalU64(c.Result(), c.Borrow<RequestOptions>(0).FirstByteTimeout));
        i.Function("[method]request-options.set-first-byte-timeout", (ref HostCall c) =>
        {
            c.Borrow<RequestOptions>(0).FirstByteTimeout = ReadOptionalU64(c.Arg(1));
            Vals.WriteOk(c.Result());
        });
        i.Function("[method]request-options.between-bytes-timeout", (ref HostCall c) =>
            WriteOptionalU64(c.Result(), c.Borrow<RequestOptions>(0).BetweenBytesTimeout));
        i.Function("[method]request-options.set-between-bytes-timeout", (ref HostCall c) =>
        {
            c.Borrow<RequestOptions>(0).BetweenBytesTimeout = ReadOptionalU64(c.Arg(1));
            Vals.WriteOk(c.Result());
        });
    }

    private static void DefineIncomingResponse(HostLinker.InterfaceDefinition i)
    {
        i.Function("[method]incoming-response.status", (ref HostCall c) => Vals.WriteU16(c.Result(), c.Borrow<IncomingResponse>(0).Status));
        i.Function("[method]incoming-response.headers", (ref HostCall c) =>
            c.WriteOwn(c.Result(), WasiResourceTypes.Fields, c.Borrow<IncomingResponse>(0).Headers.ImmutableView()));
        i.Function("[method]incoming-response.consume", (ref HostCall c) =>
            WriteOwnOrError(ref c, WasiResourceTypes.IncomingBody, c.Borrow<IncomingResponse>(0).Consume()));
        i.Function("[method]future-incoming-response.subscribe", (ref HostCall c) =>
            c.WriteOwn(c.Result(), WasiResourceTypes.Pollable, new TaskPollable(c.Borrow<FutureIncomingResponse>(0).Response)));
        i.Function("[method]future-incoming-response.get", FutureIncomingResponseGet);
    }

    private static void FutureIncomingResponseGet(ref HostCall call)
    {
        var future = call.Borrow<FutureIncomingResponse>(0);
        if (!CanTake(call.Result(), future.Response, future.Taken))
        {
            return;
        }

        future.Taken = true;
        ComponentVal inner;
        var (response, error) = future.Response.IsCompletedSuccessfully
            ? future.Response.Result
            : (null, ErrorCode.Internal(future.Response.Exception?.GetBaseException().Message ?? "the request failed"));
        if (response is not null)
        {
            ComponentVal handle;
            call.WriteOwn(&handle, WasiResourceTypes.IncomingResponse, response);
            Vals.WriteOk(&inner, &handle);
        }
        else
        {
            ComponentVal code;
            WriteErrorCode(&code, error ?? ErrorCode.Internal("no response"));
            Vals.WriteErr(&inner, &code);
        }

        WriteTaken(call.Result(), &inner);
    }

    private static void OutgoingHandle(ref HostCall call)
    {
        var request = call.Own<OutgoingRequest>(0);
        var optionsValue = Vals.ReadOption(call.Arg(1));
        var options = optionsValue is null ? null : call.OwnNested<RequestOptions>(optionsValue);
        var context = call.Host<HttpRequestContext>();
        var (future, error) = context.Outgoing.Send(request, options, context);
        if (future is not null)
        {
            ComponentVal handle;
            call.WriteOwn(&handle, WasiResourceTypes.FutureIncomingResponse, future);
            Vals.WriteOk(call.Result(), &handle);
            return;
        }

        ComponentVal code;
        WriteErrorCode(&code, error!);
        Vals.WriteErr(call.Result(), &code);
    }

    /// <summary><c>result&lt;own&lt;T&gt;&gt;</c>: ok with a new handle, or a bare error when <paramref name="resource"/> is null.</summary>
    private static void WriteOwnOrError(ref HostCall call, uint type, object? resource)
    {
        if (resource is null)
        {
            Vals.WriteErr(call.Result());
            return;
        }

        ComponentVal handle;
        call.WriteOwn(&handle, type, resource);
        Vals.WriteOk(call.Result(), &handle);
    }

    private static void WriteHeaderResult(ComponentVal* value, HeaderError error)
    {
        if (error == HeaderError.None)
        {
            Vals.WriteOk(value);
            return;
        }

        ComponentVal variant;
        Vals.WriteVariant(&variant, error switch
        {
            HeaderError.InvalidSyntax => "invalid-syntax"u8,
            HeaderError.Forbidden => "forbidden"u8,
            _ => "immutable"u8,
        });
        Vals.WriteErr(value, &variant);
    }

    private static void WriteMethod(ComponentVal* value, string method)
    {
        var lower = method.ToLowerInvariant();
        if (Array.IndexOf(KnownMethods, lower) >= 0 && method.Equals(lower.ToUpperInvariant(), StringComparison.Ordinal))
        {
            Vals.WriteVariant(value, Encoding.UTF8.GetBytes(lower));
            return;
        }

        ComponentVal other;
        Vals.WriteString(&other, method);
        Vals.WriteVariant(value, "other"u8, &other);
    }

    /// <summary>The method a guest gave, or null when an <c>other</c> method is not a token.</summary>
    private static string? ReadMethod(ComponentVal* value)
    {
        var name = Encoding.UTF8.GetString(Vals.ReadVariant(value, out var payload));
        if (name != "other")
        {
            return name.ToUpperInvariant();
        }

        var method = Vals.ReadString(payload);
        return Fields.IsValidName(method) ? method : null;
    }

    private static void WriteOptionalScheme(ComponentVal* value, string? scheme)
    {
        if (scheme is null)
        {
            Vals.WriteNone(value);
            return;
        }

        ComponentVal variant;
        if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            Vals.WriteVariant(&variant, "HTTP"u8);
        }
        else if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            Vals.WriteVariant(&variant, "HTTPS"u8);
        }
        else
        {
            ComponentVal other;
            Vals.WriteString(&other, scheme);
            Vals.WriteVariant(&variant, "other"u8, &other);
        }

        Vals.WriteSome(value, &variant);
    }

    private static string ReadScheme(ComponentVal* value)
    {
        var name = Encoding.UTF8.GetString(Vals.ReadVariant(value, out var payload));
        return name switch
        {
            "HTTP" => "http",
            "HTTPS" => "https",
            _ => Vals.ReadString(payload),
        };
    }

    private static void WriteOptionalString(ComponentVal* value, string? text)
    {
        if (text is null)
        {
            Vals.WriteNone(value);
            return;
        }

        ComponentVal some;
        Vals.WriteString(&some, text);
        Vals.WriteSome(value, &some);
    }

    private static string? ReadOptionalString(ComponentVal* value)
    {
        var some = Vals.ReadOption(value);
        return some is null ? null : Vals.ReadString(some);
    }

    private static void WriteOptionalU64(ComponentVal* value, ulong? number)
    {
        if (number is not { } n)
        {
            Vals.WriteNone(value);
            return;
        }

        ComponentVal some;
        Vals.WriteU64(&some, n);
        Vals.WriteSome(value, &some);
    }

    private static ulong? ReadOptionalU64(ComponentVal* value)
    {
        var some = Vals.ReadOption(value);
        return some is null ? null : Vals.ReadU64(some);
    }
}
