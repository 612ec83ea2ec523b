using System.Text;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// wasmcloud:secrets@2.1.0 through the secrets-reveal fixture: a component reveals the values its
/// <c>wasmcloud:secrets</c> entry carries (what the operator materialised from <c>secretFrom</c>) and answers their
/// length and byte sum, an unknown key is <c>not-found</c>, and the values reach no log line or status message.
/// </summary>
[Collection(PluginHostCollection.Name)]
public sealed class SecretsTests(PluginHostFixture fixture)
{
    private static WorkloadStartRequest Request(string host, IDictionary<string, string>? secrets, string? image = null)
    {
        var world = new WitWorld
        {
            Components = { new Component { Name = "secrets", Image = image ?? Fixtures.ImageOf(Fixtures.SecretsReveal) } },
            HostInterfaces =
            {
                new WitInterface { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } },
            },
        };
        if (secrets is not null)
        {
            var entry = new WitInterface { Namespace = "wasmcloud", Package = "secrets", Version = "2.1.0", Interfaces = { "store", "reveal" } };
            entry.Config.Add(secrets);
            world.HostInterfaces.Add(entry);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = Guid.NewGuid().ToString(),
            Workload = new Workload { Namespace = "default", Name = "secrets", WitWorld = world },
        };
    }

    /// <summary>What the fixture answers for a revealed value: its UTF-8 length and byte sum.</summary>
    private static string Digest(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return $"{bytes.Length} {bytes.Sum(b => b)}";
    }

    [Fact]
    public async Task A_component_reveals_its_secret_and_the_value_never_reaches_logs_or_status()
    {
        var host = PluginRequests.NewHost("secrets");
        var value = $"s3cret-é-{Guid.NewGuid():N}";
        var workloadId = await fixture.StartRunningAsync(Request(host, new Dictionary<string, string> { ["api-key"] = value, ["other-key"] = "x" }));

        Assert.Equal((200, Digest(value)), await fixture.SendAsync(host, HttpMethod.Get, "/secret/api-key"));
        Assert.Equal((200, Digest("x")), await fixture.SendAsync(host, HttpMethod.Get, "/secret/other-key"));
        var status = fixture.Workloads.GetStatus(workloadId);
        var stopped = await fixture.StopAsync(workloadId);

        Assert.NotEmpty(fixture.Logs.Lines);
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(value, StringComparison.Ordinal));
        Assert.DoesNotContain(value, status.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(value, stopped.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_secret_is_the_interfaces_not_found_error()
    {
        var host = PluginRequests.NewHost("secrets-missing");
        await fixture.StartRunningAsync(Request(host, new Dictionary<string, string> { ["api-key"] = "value" }));

        Assert.Equal((404, "not-found"), await fixture.SendAsync(host, HttpMethod.Get, "/secret/other"));
    }

    [Fact]
    public async Task A_component_importing_the_v1_draft_interface_reveals_its_secret_too()
    {
        // The same component importing wasmcloud:secrets@0.1.0-draft, in text form (the host compiles WAT as it is).
        var source = await File.ReadAllTextAsync(Path.Combine(Fixtures.RepositoryRoot, "fixtures", "components", "secrets-reveal.wat"), TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"secrets-reveal-draft-{Guid.NewGuid():N}.wat");
        await File.WriteAllTextAsync(path, source.Replace("wasmcloud:secrets/store@2.1.0", "wasmcloud:secrets/store@0.1.0-draft", StringComparison.Ordinal)
            .Replace("wasmcloud:secrets/reveal@2.1.0", "wasmcloud:secrets/reveal@0.1.0-draft", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            var host = PluginRequests.NewHost("secrets-draft");
            await fixture.StartRunningAsync(Request(host, new Dictionary<string, string> { ["token"] = "draft-value" }, new Uri(path).AbsoluteUri));

            Assert.Equal((200, Digest("draft-value")), await fixture.SendAsync(host, HttpMethod.Get, "/secret/token"));
            Assert.Equal((404, "not-found"), await fixture.SendAsync(host, HttpMethod.Get, "/secret/nope"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_component_importing_secrets_without_a_secrets_host_interface_does_not_start()
    {
        var status = await fixture.StartAsync(Request(PluginRequests.NewHost("secrets-undeclared"), secrets: null));

        Assert.Equal(WorkloadState.Error, status.WorkloadState);
        Assert.Contains("component 'secrets' imports wasmcloud:secrets/store@2.1.0, but the workload's hostInterfaces declare no wasmcloud:secrets entry", status.Message);
    }

    [Fact]
    public async Task A_named_secrets_import_reveals_the_values_of_the_entry_of_that_name()
    {
        var host = PluginRequests.NewHost("secrets-named");
        var request = Request(host, new Dictionary<string, string> { ["password"] = "the unnamed entry's" }, Fixtures.ImageOf(Fixtures.SecretsNamed));
        var named = new WitInterface { Name = "db", Namespace = "wasmcloud", Package = "secrets", Version = "2.1.0", Interfaces = { "store" } };
        named.Config.Add("password", "db's own");
        request.Workload.WitWorld.HostInterfaces.Add(named);
        await fixture.StartRunningAsync(request);

        Assert.Equal((200, Digest("db's own")), await fixture.SendAsync(host, HttpMethod.Get, "/secret/password"));
        Assert.Equal((404, "not-found"), await fixture.SendAsync(host, HttpMethod.Get, "/secret/elsewhere"));
    }

    [Fact]
    public async Task A_named_secrets_import_needs_no_unnamed_entry_but_an_entry_of_its_name()
    {
        var withoutUnnamed = Request(PluginRequests.NewHost("secrets-named-only"), secrets: null, Fixtures.ImageOf(Fixtures.SecretsNamed));
        var named = new WitInterface { Name = "db", Namespace = "wasmcloud", Package = "secrets", Version = "2.1.0", Interfaces = { "store" } };
        named.Config.Add("password", "p");
        withoutUnnamed.Workload.WitWorld.HostInterfaces.Add(named);
        var withoutNamed = Request(PluginRequests.NewHost("secrets-named-missing"), new Dictionary<string, string> { ["password"] = "p" }, Fixtures.ImageOf(Fixtures.SecretsNamed));

        await fixture.StartRunningAsync(withoutUnnamed);
        var refused = await fixture.StartAsync(withoutNamed);

        Assert.Equal(WorkloadState.Error, refused.WorkloadState);
        Assert.Contains("component 'secrets' imports 'db' (wasmcloud:secrets/store@2.1.0), but the workload's hostInterfaces have no entry named 'db'", refused.Message);
    }
}
