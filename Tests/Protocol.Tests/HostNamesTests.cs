namespace Wasmcloud.Protocol.Tests;

public sealed class HostNamesTests
{
    [Theory]
    [InlineData("hello.example.com", "hello.example.com")]
    [InlineData(" Hello.Example.COM ", "hello.example.com")]
    [InlineData("hello.example.com:8080", "hello.example.com")]
    [InlineData("hello.example.com.", "hello.example.com")]
    [InlineData("10.0.0.7:9191", "10.0.0.7")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("::1", "::1")]
    public void Normalize_lowercases_and_strips_the_port(string host, string expected)
    {
        Assert.Equal(expected, HostNames.Normalize(host));
    }

    [Theory]
    [InlineData("hello.example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("a-b.c-d", true)]
    [InlineData("10.0.0.7", true)]
    [InlineData("", false)]
    [InlineData("-hello.example.com", false)]
    [InlineData("hello-.example.com", false)]
    [InlineData("hello..example.com", false)]
    [InlineData("hello_world.example.com", false)]
    [InlineData("*.example.com", false)]
    public void IsValid_accepts_rfc_1123_names_only(string name, bool valid)
    {
        Assert.Equal(valid, HostNames.IsValid(name));
    }

    [Fact]
    public void IsValid_limits_label_and_name_length()
    {
        Assert.True(HostNames.IsValid(new string('a', 63) + ".com"));
        Assert.False(HostNames.IsValid(new string('a', 64) + ".com"));
        Assert.False(HostNames.IsValid(string.Join('.', Enumerable.Repeat(new string('a', 63), 5))));
    }
}
