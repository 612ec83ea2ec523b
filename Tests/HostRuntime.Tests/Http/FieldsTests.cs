using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>Header validation of <c>wasi:http/types.fields</c>, as Wasmtime validates.</summary>
public sealed class FieldsTests
{
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    [Fact]
    public void Names_are_lower_cased_and_values_kept_in_order()
    {
        var fields = new Fields();

        Assert.Equal(HeaderError.None, fields.Append("X-Trace", Bytes("a")));
        Assert.Equal(HeaderError.None, fields.Append("x-trace", Bytes("b")));
        Assert.Equal(HeaderError.None, fields.Append("Accept", Bytes("*/*")));

        Assert.Equal([("x-trace", "a"), ("x-trace", "b"), ("accept", "*/*")], fields.Entries.Select(e => (e.Name, Encoding.Latin1.GetString(e.Value))));
        Assert.Equal(["a", "b"], fields.Get("X-TRACE").Select(Encoding.Latin1.GetString));
        Assert.True(fields.Has("ACCEPT"));
    }

    [Fact]
    public void Set_replaces_and_delete_removes_every_value()
    {
        var fields = new Fields();
        fields.Append("a", Bytes("1"));
        fields.Append("b", Bytes("2"));
        fields.Append("a", Bytes("3"));

        Assert.Equal(HeaderError.None, fields.Set("A", [Bytes("x"), Bytes("y")]));
        Assert.Equal(["x", "y"], fields.Get("a").Select(Encoding.Latin1.GetString));
        Assert.Equal(HeaderError.None, fields.Delete("a"));
        Assert.False(fields.Has("a"));
        Assert.Equal("b", Assert.Single(fields.Entries).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad name")]
    [InlineData("colon:")]
    [InlineData("new\nline")]
    [InlineData("quote\"")]
    public void Names_that_are_not_tokens_are_invalid_syntax(string name) =>
        Assert.Equal(HeaderError.InvalidSyntax, new Fields().Append(name, Bytes("v")));

    [Theory]
    [InlineData("line\r\nbreak")]
    [InlineData("nul\0")]
    [InlineData("del\u007f")]
    [InlineData("bell\u0007")]
    public void Values_with_control_characters_are_invalid_syntax(string value) =>
        Assert.Equal(HeaderError.InvalidSyntax, new Fields().Append("x", Bytes(value)));

    [Theory]
    [InlineData("tab\there")]
    [InlineData("obs-text \u00e9")]
    [InlineData("")]
    public void Tabs_obs_text_and_empty_values_are_valid(string value) =>
        Assert.Equal(HeaderError.None, new Fields().Append("x", Bytes(value)));

    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("Transfer-Encoding")]
    [InlineData("upgrade")]
    [InlineData("host")]
    [InlineData("proxy-authorization")]
    [InlineData("http2-settings")]
    public void Hop_by_hop_and_framing_names_are_forbidden(string name)
    {
        Assert.Equal(HeaderError.Forbidden, new Fields().Append(name, Bytes("v")));
        Assert.Equal(HeaderError.Forbidden, new Fields().Set(name, [Bytes("v")]));
    }

    [Fact]
    public void Views_handed_out_by_requests_and_responses_are_immutable_but_clones_are_not()
    {
        var fields = new Fields();
        fields.Append("a", Bytes("1"));
        var view = fields.ImmutableView();

        Assert.Equal(HeaderError.Immutable, view.Append("b", Bytes("2")));
        Assert.Equal(HeaderError.Immutable, view.Set("a", []));
        Assert.Equal(HeaderError.Immutable, view.Delete("a"));
        var clone = view.Clone();
        Assert.Equal(HeaderError.None, clone.Append("b", Bytes("2")));
        Assert.Single(fields.Entries);
        fields.Append("c", Bytes("3"));
        Assert.Equal(2, view.Entries.Count);
    }

    [Fact]
    public void Host_fields_drop_forbidden_names_and_are_immutable()
    {
        var fields = Fields.FromHost([new("Host", "example.com"), new("Connection", "keep-alive"), new("Accept", "text/plain")]);

        Assert.Equal("accept", Assert.Single(fields.Entries).Name);
        Assert.True(fields.IsImmutable);
    }

    [Fact]
    public void Growing_past_the_size_limit_traps()
    {
        var fields = new Fields();
        var value = Enumerable.Repeat((byte)'v', Fields.SizeLimit / 2).ToArray();

        fields.Append("a", value);

        Assert.Throws<InvalidOperationException>(() => fields.Append("b", value));
        Assert.Single(fields.Entries);
    }
}
