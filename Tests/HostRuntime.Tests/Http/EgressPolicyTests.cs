using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>The forms of <c>allowedHosts</c> (reference §2.4).</summary>
public sealed class EgressPolicyTests
{
    [Theory]
    [InlineData("*", "http", "anything.test", 80, true)]
    [InlineData("api.example.com", "https", "api.example.com", 443, true)]
    [InlineData("api.example.com", "http", "API.Example.com.", 8080, true)]
    [InlineData("api.example.com", "https", "other.example.com", 443, false)]
    [InlineData("api.example.com:8443", "https", "api.example.com", 8443, true)]
    [InlineData("api.example.com:8443", "https", "api.example.com", 443, false)]
    [InlineData("https://api.example.com", "https", "api.example.com", 443, true)]
    [InlineData("https://api.example.com/", "http", "api.example.com", 80, false)]
    [InlineData("http://api.example.com:8080/", "http", "api.example.com", 8080, true)]
    [InlineData("*.example.com", "https", "a.b.example.com", 443, true)]
    [InlineData("*.example.com", "https", "example.com", 443, false)]
    [InlineData("*.example.com", "https", "badexample.com", 443, false)]
    [InlineData("*.example.com:443", "https", "a.example.com", 8443, false)]
    [InlineData("https://*.example.com:443/", "https", "a.example.com", 443, true)]
    [InlineData("https://*.example.com:443/", "http", "a.example.com", 443, false)]
    public void Entry_allows_what_it_says(string entry, string scheme, string host, int port, bool allowed) =>
        Assert.Equal(allowed, EgressPolicy.Parse([entry]).Allows(scheme, host, port));

    [Fact]
    public void No_entries_deny_everything() => Assert.False(EgressPolicy.Parse([]).Allows("https", "example.com", 443));

    [Fact]
    public void Every_bad_entry_is_reported_at_once()
    {
        var error = Assert.Throws<FormatException>(() => EgressPolicy.Parse(["good.example.com", "ftp://x.example.com", "a b", "x:0", "-bad.example.com", "*."]));

        Assert.Equal("invalid allowedHosts entries: 'ftp://x.example.com', 'a b', 'x:0', '-bad.example.com', '*.'", error.Message);
    }
}
