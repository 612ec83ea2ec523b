using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>wasi:http proxy components served through the real router and Kestrel, routed by Host header.</summary>
[Collection(WasmHostCollection.Name)]
public sealed class ComponentHttpTests(WasmHostFixture fixture)
{
    [Theory]
    [InlineData(Fixtures.HelloWat)]
    [InlineData(Fixtures.JsHello)]
    public async Task Hello_component_answers_by_host_header(string component)
    {
        var host = StartRequests.NewHost(component);
        await fixture.StartRunningAsync(StartRequests.Http(component, host));

        using var response = await fixture.SendAsync(host, "/anything?x=1");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Fixtures.HelloText, body);
    }
}
