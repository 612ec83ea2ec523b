using Microsoft.AspNetCore.Http;
using Wasmcloud.HostRuntime.Ingress;

namespace Wasmcloud.HostRuntime.Tests.Ingress;

public sealed class HostRouterTests
{
    private readonly HostRouter _router = new();

    [Fact]
    public void Names_match_case_insensitively_without_ports()
    {
        var handler = new NamedHandler("a");
        _router.Register("w1", ["Hello.Example.com:8080", "alias.example.com"], handler);

        Assert.Same(handler, _router.Resolve("hello.example.com"));
        Assert.Same(handler, _router.Resolve("HELLO.EXAMPLE.COM:443"));
        Assert.Same(handler, _router.Resolve("alias.example.com"));
        Assert.Null(_router.Resolve("other.example.com"));
        Assert.Equal(["alias.example.com", "hello.example.com"], _router.HostNames.Order());
    }

    [Fact]
    public void Replicas_on_one_name_are_picked_at_random()
    {
        var a = new NamedHandler("a");
        var b = new NamedHandler("b");
        _router.Register("w1", ["shared.example.com"], a);
        _router.Register("w2", ["shared.example.com"], b);

        var picked = Enumerable.Range(0, 200).Select(_ => _router.Resolve("shared.example.com")).Distinct().ToArray();

        Assert.Equal(2, picked.Length);
        Assert.Equal(["w1", "w2"], _router.WorkloadsFor("shared.example.com"));
    }

    [Fact]
    public void Disposing_a_registration_removes_only_that_registration()
    {
        var a = new NamedHandler("a");
        var b = new NamedHandler("b");
        var first = _router.Register("w1", ["shared.example.com", "first.example.com"], a);
        _router.Register("w2", ["shared.example.com"], b);

        first.Dispose();
        first.Dispose();

        Assert.Same(b, _router.Resolve("shared.example.com"));
        Assert.Null(_router.Resolve("first.example.com"));
        Assert.Equal(["w2"], _router.WorkloadsFor("shared.example.com"));
    }

    [Fact]
    public void Duplicate_names_in_one_registration_count_once()
    {
        _router.Register("w1", ["dup.example.com", "DUP.example.com:80"], new NamedHandler("a"));

        Assert.Equal(["w1"], _router.WorkloadsFor("dup.example.com"));
    }

    [Fact]
    public async Task Concurrent_registrations_and_lookups_keep_the_table_consistent()
    {
        var handlers = Enumerable.Range(0, 50).Select(i => new NamedHandler(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        await Task.WhenAll(handlers.Select((h, i) => Task.Run(() =>
        {
            var registration = _router.Register($"w{i}", ["busy.example.com"], h);
            _ = _router.Resolve("busy.example.com") ?? throw new InvalidOperationException("a registered name resolved to nothing");
            if (i % 2 == 0)
            {
                registration.Dispose();
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(25, _router.WorkloadsFor("busy.example.com").Count);
    }

    private sealed class NamedHandler(string name) : IWorkloadHttpHandler
    {
        public Task HandleAsync(HttpContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public override string ToString() => name;
    }
}
