using Microsoft.Extensions.Logging;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Http.Interop;

/// <summary>The per-component <c>wasi:config</c> view and how <c>wasi:logging</c> text is capped, without a host.</summary>
public sealed class ComponentConfigTests
{
    [Fact]
    public void Every_wasi_config_entry_counts_in_order_and_other_interfaces_do_not()
    {
        WitInterface[] interfaces =
        [
            new() { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" }, Config = { ["host"] = "example.com" } },
            new() { Namespace = "wasi", Package = "config", Interfaces = { "store" }, Config = { ["a"] = "first", ["b"] = "first" } },
            new() { Namespace = "wasi", Package = "config", Name = "more", Interfaces = { "store" }, Config = { ["b"] = "second" } },
        ];
        var resources = new LocalResources { Config = { ["c"] = "local" }, Environment = { ["a"] = "environment" } };

        var config = ComponentConfig.Merge(interfaces, resources);

        Assert.Equal(
            [KeyValuePair.Create("a", "environment"), KeyValuePair.Create("b", "second"), KeyValuePair.Create("c", "local")],
            config.Entries);
        Assert.False(config.TryGet("host", out _));
    }

    [Fact]
    public void No_config_anywhere_is_the_empty_view()
    {
        Assert.Same(ComponentConfig.Empty, ComponentConfig.Merge([], null));
        Assert.Empty(ComponentConfig.Empty.Entries);
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("critical", LogLevel.Critical)]
    [InlineData("shouting", LogLevel.Information)]
    [InlineData("", LogLevel.Information)]
    public void Log_levels_map_to_the_hosts_and_odd_ones_to_information(string level, LogLevel expected) =>
        Assert.Equal(expected, GuestLog.LevelOf(level));

    [Fact]
    public void Long_text_is_cut_at_a_character_boundary_with_a_note()
    {
        // 'é' is two bytes: a cut after 3 bytes would split the second one, so it backs off to 2.
        var text = "éééé"u8;

        Assert.Equal("é… (6 more bytes dropped)", GuestLog.Capped(text, 3));
        Assert.Equal("éééé", GuestLog.Capped(text, 8));
    }
}
