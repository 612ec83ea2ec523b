using System.Text;
using Wasmcloud.HostRuntime.Execution.Internal;

namespace Wasmcloud.HostRuntime.Tests.Execution;

public sealed class CgiResponseTests
{
    private static CgiResponse Parse(string output)
    {
        Assert.True(CgiResponse.TryParse(Encoding.UTF8.GetBytes(output), out var response, out var error), error);
        return response;
    }

    private static string Body(CgiResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    private static string? Header(CgiResponse response, string name) =>
        response.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    [Fact]
    public void Output_without_headers_is_a_plain_text_200()
    {
        var response = Parse("Hello from wasmCloud on Orleans\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal("Hello from wasmCloud on Orleans\n", Body(response));
    }

    [Fact]
    public void Colon_in_the_first_line_without_a_blank_line_is_still_body()
    {
        Assert.Equal("note: no headers here\nsecond line\n", Body(Parse("note: no headers here\nsecond line\n")));
    }

    [Fact]
    public void Status_and_headers_are_read_with_crlf_or_lf()
    {
        var response = Parse("Status: 201 Created\r\nContent-Type: application/json\nX-Thing:  value \r\n\r\n{\"ok\":true}");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", Header(response, "Content-Type"));
        Assert.Equal("value", Header(response, "X-Thing"));
        Assert.Null(Header(response, "Status"));
        Assert.Equal("{\"ok\":true}", Body(response));
    }

    [Fact]
    public void Location_without_status_is_a_redirect()
    {
        var response = Parse("Location: https://example.com/\n\n");

        Assert.Equal(302, response.StatusCode);
        Assert.Equal("https://example.com/", Header(response, "Location"));
        Assert.Null(Header(response, "Content-Type"));
    }

    [Fact]
    public void Framing_headers_from_the_component_are_dropped()
    {
        var response = Parse("Content-Length: 999\nTransfer-Encoding: chunked\nConnection: close\n\nbody");

        Assert.Null(Header(response, "Content-Length"));
        Assert.Null(Header(response, "Transfer-Encoding"));
        Assert.Null(Header(response, "Connection"));
        Assert.Equal("text/plain; charset=utf-8", Header(response, "Content-Type"));
    }

    [Fact]
    public void Repeated_headers_are_kept()
    {
        var response = Parse("Set-Cookie: a=1\nSet-Cookie: b=2\n\n");

        Assert.Equal(["a=1", "b=2"], response.Headers.Where(h => h.Key == "Set-Cookie").Select(h => h.Value));
    }

    [Theory]
    [InlineData("Status: teapot\n\n")]
    [InlineData("Status: 42 Too Low\n\n")]
    [InlineData("Status: 600 Too High\n\n")]
    public void Invalid_status_is_an_error(string output)
    {
        Assert.False(CgiResponse.TryParse(Encoding.UTF8.GetBytes(output), out _, out var error));
        Assert.StartsWith("Status '", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_value_with_control_characters_is_an_error()
    {
        Assert.False(CgiResponse.TryParse(Encoding.Latin1.GetBytes("X-Bad: a\u0001b\n\nbody"), out _, out var error));
        Assert.Equal("header 'X-Bad' has characters HTTP does not allow", error);
    }

    [Fact]
    public void Empty_output_is_an_empty_200()
    {
        var response = Parse("");

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
    }
}
