using System.Text.Json.Nodes;
using Wasmcloud.Silo.Standalone;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Silo.Tests.Standalone;

public sealed class YamlJsonConverterTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("-12", "-12")]
    [InlineData("1.0", "1.0")]
    [InlineData("1e3", "1e3")]
    [InlineData("+5", "5")]
    [InlineData("007", "7")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData(".5", "0.5")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("", "null")]
    [InlineData("\"1\"", "\"1\"")]
    [InlineData("'true'", "\"true\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("0.2.0-draft", "\"0.2.0-draft\"")]
    [InlineData("10.0.0.5", "\"10.0.0.5\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData("!!str 12", "\"12\"")]
    [InlineData("test.echo", "\"test.echo\"")]
    [InlineData("5432/tcp", "\"5432/tcp\"")]
    public void Plain_scalars_resolve_by_the_core_schema_and_quoted_ones_stay_strings(string yaml, string json)
    {
        var value = Convert($"value: {yaml}")!["value"];

        Assert.Equal(json, value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Block_scalars_are_strings()
    {
        var value = Convert("value: |\n  123\n  456\n")!["value"];

        Assert.Equal("123\n456\n", value!.GetValue<string>());
    }

    [Fact]
    public void Merge_keys_and_aliases_expand()
    {
        var json = Convert("base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\ncopy: *base\n")!;

        Assert.Equal("""{"a":1,"b":3}""", JsonCanonical.Of(json["derived"]).Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(1, json["copy"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public void Sequences_and_nested_maps_convert()
    {
        var json = Convert("items:\n  - {name: a, n: 1}\n  - [x, 2]\n")!;

        Assert.Equal("""{"items":[{"name":"a","n":1},["x",2]]}""", json.ToJsonString());
    }

    [Fact]
    public void Merge_keys_take_lists_and_earlier_sources_win()
    {
        var json = Convert("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n")!;

        Assert.Equal((1, 1, 3), (json["c"]!["x"]!.GetValue<int>(), json["c"]!["y"]!.GetValue<int>(), json["c"]!["z"]!.GetValue<int>()));
    }

    [Fact]
    public void A_non_scalar_key_is_an_error()
    {
        var error = Assert.Throws<YamlJsonConversionException>(() => Convert("? [a, b]\n: 1\n"));

        Assert.Equal(1, error.Line);
    }

    private static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlJsonConverter.ToJson(stream.Documents[0].RootNode);
    }
}
