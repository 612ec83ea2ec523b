using Wasmcloud.HostRuntime.Components.Oci.Internal;

namespace Wasmcloud.HostRuntime.Tests.Components;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Quoted_values_keep_their_commas()
    {
        var parameters = AuthChallenge.ParseParameters("realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull,push\"");

        Assert.Equal("https://auth.docker.io/token", parameters["realm"]);
        Assert.Equal("registry.docker.io", parameters["service"]);
        Assert.Equal("repository:library/ubuntu:pull,push", parameters["scope"]);
    }

    [Fact]
    public void Tokens_spaces_and_escapes_are_read()
    {
        var parameters = AuthChallenge.ParseParameters(" Realm=plain , error=\"say \\\"no\\\"\",flag");

        Assert.Equal("plain", parameters["realm"]);
        Assert.Equal("say \"no\"", parameters["error"]);
        Assert.False(parameters.ContainsKey("flag"));
    }

    [Fact]
    public void Nothing_gives_nothing() => Assert.Empty(AuthChallenge.ParseParameters(null));
}
