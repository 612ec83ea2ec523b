using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Tests.Identity;

public sealed partial class HostIdentityTests
{
    [Fact]
    public void Identity_follows_the_reference()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        var identity = HostIdentity.Create(new HostRuntimeOptions { HostGroup = "gpu", HostName = "10.1.2.3", Environment = "prod" }, time);

        Assert.True(Guid.TryParse(identity.HostId, out var id) && id.Version == 4);
        Assert.Equal(identity.HostId.ToLowerInvariant(), identity.HostId);
        Assert.Equal(new Dictionary<string, string> { ["hostgroup"] = "gpu" }, identity.Labels);
        Assert.Equal("10.1.2.3", identity.Hostname);
        Assert.Equal("prod", identity.Environment);
        Assert.Equal(time.GetUtcNow(), identity.StartedAt);
        Assert.Matches(FriendlyName(), identity.FriendlyName);
    }

    [Fact]
    public void Hostname_defaults_to_the_os_hostname()
    {
        Assert.Equal(System.Net.Dns.GetHostName(), HostIdentity.Create(new HostRuntimeOptions(), TimeProvider.System).Hostname);
    }

    [Fact]
    public void Every_start_is_a_new_host()
    {
        var a = HostIdentity.Create(new HostRuntimeOptions(), TimeProvider.System);
        var b = HostIdentity.Create(new HostRuntimeOptions(), TimeProvider.System);

        Assert.NotEqual(a.HostId, b.HostId);
    }

    [Fact]
    public void Friendly_names_are_valid_kubernetes_object_names()
    {
        for (var i = 0; i < 200; i++)
        {
            var name = FriendlyNameGenerator.Next();
            Assert.Matches(FriendlyName(), name);
            Assert.True(name.Length <= 63);
        }
    }

    [GeneratedRegex("^[a-z]+-[a-z]+-[0-9]{4}$")]
    private static partial Regex FriendlyName();
}
