using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>The glue between Kestrel's request and response and the wasi:http resources, without a guest.</summary>
public sealed class HttpRequestContextTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static (DefaultHttpContext Http, HttpRequestContext Context) NewContext(string body = "", Dictionary<string, string>? trailers = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "PATCH";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("example.com:8080");
        http.Request.Path = "/a b";
        http.Request.QueryString = new QueryString("?x=1");
        http.Request.Headers["X-Custom"] = "value";
        http.Request.Headers["Connection"] = "keep-alive";
        http.Request.Headers["Host"] = "example.com:8080";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        http.Features.Set<IHttpRequestTrailersFeature>(new RequestTrailers(trailers ?? []));
        var response = new ResponseTrailers();
        http.Features.Set<IHttpResponseTrailersFeature>(response);
        var context = new HttpRequestContext(http, new OutgoingHttp(EgressPolicy.DenyAll), [], _ => { }, _ => { }, CancellationToken.None);
        return (http, context);
    }

    [Fact]
    public void Incoming_request_carries_method_target_authority_and_allowed_headers()
    {
        var (_, context) = NewContext();

        var request = context.NewIncomingRequest();

        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/a%20b?x=1", request.PathWithQuery);
        Assert.Equal("http", request.Scheme);
        Assert.Equal("example.com:8080", request.Authority);
        Assert.Equal(["x-custom"], request.Headers.Entries.Select(e => e.Name));
        Assert.True(request.Headers.IsImmutable);
    }

    [Fact]
    public async Task Body_streams_once_and_trailers_follow_the_end_of_the_body()
    {
        var (_, context) = NewContext("the body", new() { ["X-Checksum"] = "abc" });
        var request = context.NewIncomingRequest();

        var body = request.Consume()!;
        var stream = body.TakeStream()!;
        var buffer = new byte[3];
        var read = stream.BlockingRead(buffer, Cancellation);
        var trailers = await body.Finish().Trailers.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.Null(request.Consume());
        Assert.Null(body.TakeStream());
        Assert.Equal("the", Encoding.UTF8.GetString(buffer, 0, read));
        Assert.Throws<StreamFailure>(() => stream.Read(buffer));
        Assert.Equal([("x-checksum", "abc")], trailers!.Entries.Select(e => (e.Name, Encoding.UTF8.GetString(e.Value))));
    }

    [Fact]
    public void Read_at_the_end_of_the_body_is_closed()
    {
        var (_, context) = NewContext("xy");
        var stream = context.NewIncomingRequest().Consume()!.TakeStream()!;
        var buffer = new byte[10];

        var read = stream.BlockingRead(buffer, Cancellation);
        var end = Assert.Throws<StreamFailure>(() => stream.BlockingRead(buffer, Cancellation));

        Assert.Equal(2, read);
        Assert.True(end.IsClosed);
    }

    [Fact]
    public void Response_status_headers_body_and_trailers_reach_the_http_response()
    {
        var (http, context) = NewContext();
        var pipe = new Pipe();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(pipe.Writer.AsStream()));
        var headers = new Fields();
        headers.Append("Content-Type", Encoding.ASCII.GetBytes("text/plain"));
        var response = new OutgoingResponse(headers.ImmutableView()) { Status = 201 };
        var body = context.NewResponseBody(response);

        // Written before the outparam is set: held, then sent when it is.
        body.TakeStream()!.Write("early "u8);
        context.SetResponse(response);
        body.Stream.Write("late"u8);
        var trailers = new Fields();
        trailers.Append("x-digest", Encoding.ASCII.GetBytes("d"));
        body.Finish(trailers);
        pipe.Writer.Complete();

        Assert.Equal(201, http.Response.StatusCode);
        Assert.Equal("text/plain", http.Response.Headers.ContentType.ToString());
        Assert.True(body.IsFinished);
        Assert.Equal("d", http.Features.Get<IHttpResponseTrailersFeature>()!.Trailers["x-digest"].ToString());
        Assert.True(pipe.Reader.TryRead(out var written));
        Assert.Equal("early late", Encoding.ASCII.GetString(written.Buffer));
    }

    [Fact]
    public void Outparam_can_be_set_only_once()
    {
        var (_, context) = NewContext();

        context.SetError(new Wasmcloud.HostRuntime.Execution.ComponentModel.Http.ErrorCode("HTTP-request-denied"));

        Assert.Throws<InvalidOperationException>(() => context.SetResponse(new OutgoingResponse(new Fields())));
        Assert.Equal("HTTP-request-denied", context.ResponseError!.Case);
    }

    private sealed class RequestTrailers(Dictionary<string, string> trailers) : IHttpRequestTrailersFeature
    {
        public bool Available => true;

        public IHeaderDictionary Trailers { get; } = new HeaderDictionary(trailers.ToDictionary(t => t.Key, t => new Microsoft.Extensions.Primitives.StringValues(t.Value)));
    }

    private sealed class ResponseTrailers : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
