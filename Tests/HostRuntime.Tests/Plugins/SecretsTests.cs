using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// wasmcloud:secrets through the JavaScript secrets fixture: a component reads the values its <c>wasmcloud:secrets</c>
/// entry carries (what the operator materialised from <c>secretFrom</c>), an unknown key is <c>not-found</c>, and
/// the values never reach the host's logs.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class SecretsTests(PluginHostFixture fixture)
{
    private static WorkloadStartRequest Request(string host, IDictionary<string, string>? secrets)
    {
        var world = new WitWorld
        {
            Components = { new Component { Name = "secrets", Image = Fixtures.ImageOf(Fixtures.JsSecrets) } },
            HostInterfaces =
            {
                new WitInterface { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
            },
        };
        if (secrets is not null)
        {
            var entry = new WitInterface { Namespace = "wasmcloud", Package = "secrets", Version = "0.1.0-draft", Interfaces = { "store", "reveal" } };
            entry.Config.Add(secrets);
            world.HostInterfaces.Add(entry);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload { Namespace = "default", Name = "secrets", WitWorld = world },
        };
    }

    [Fact]
    public async Task A_component_reveals_its_secrets_and_the_values_never_reach_the_logs()
    {
        var host = PluginRequests.NewHost("secrets");
        var value = $"s3cret-{Guid.NewGuid():N}";
        await fixture.StartRunningAsync(Request(host, new Dictionary<string, string> { ["api-key"] = value }));

        Assert.Equal((200, value), await fixture.SendAsync(host, HttpMethod.Get, "/secret/api-key"));
        Assert.Equal((404, "secrets error: not-found"), await fixture.SendAsync(host, HttpMethod.Get, "/secret/other"));

        Assert.NotEmpty(fixture.Logs.Lines);
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_component_importing_secrets_without_a_secrets_host_interface_does_not_start()
    {
        var status = await fixture.StartAsync(Request(PluginRequests.NewHost("secrets-undeclared"), secrets: null));

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("component 'secrets' imports wasmcloud:secrets/store@0.1.0-draft, but the workload's hostInterfaces declare no wasmcloud:secrets entry", status.Message);
    }
}
