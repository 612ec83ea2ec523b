using System.Text;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.Protocol.Tests;

public sealed class ProtocolJsonTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    public void Empty_bodies_are_the_empty_message(string body)
    {
        Assert.Equal(new WorkloadStatusRequest(), ProtocolJson.Decode<WorkloadStatusRequest>(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "workloadId": 5 }""")]
    [InlineData("""{ "workload": "a string" }""")]
    public void Malformed_input_raises_a_protocol_error_naming_the_message(string body)
    {
        var error = Assert.Throws<ProtocolJsonException>(() => ProtocolJson.Decode<WorkloadStartRequest>(Encoding.UTF8.GetBytes(body)));

        Assert.Contains("wasmcloud.runtime.v2.WorkloadStartRequest", error.Message);
    }

    [Fact]
    public void Invalid_utf8_raises_a_protocol_error()
    {
        var error = Assert.Throws<ProtocolJsonException>(() => ProtocolJson.Decode<WorkloadStatusRequest>(new byte[] { 0x7b, 0xff, 0xfe, 0x7d }));

        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Encode_is_utf8_of_format()
    {
        var message = new WorkloadStatusRequest { WorkloadId = "wörk" };

        Assert.Equal(ProtocolJson.Format(message), Encoding.UTF8.GetString(ProtocolJson.Encode(message)));
    }
}
