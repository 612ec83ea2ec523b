using System.Net;
using System.Net.Sockets;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Platform;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Hosting;

/// <summary>The host process itself, started as a user would, failing at start for reasons outside it.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task A_taken_http_port_ends_the_host_with_exit_code_2_and_a_line_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var host = PlatformProcess.Start(
            "host",
            PlatformBinaries.HostRuntimeDll,
            ["--host-group", "default", "--scheduler-nats-url", "nats://127.0.0.1:1", "--http-addr", $"127.0.0.1:{port}"],
            Fixtures.RepositoryRoot);

        await Eventually.Until(() => host.HasExited, "the host to give up on the taken port", TimeSpan.FromSeconds(60));
        Assert.Equal(2, host.ExitCode);
        Assert.Contains(host.Lines(), line => line == $"error: Failed to bind to address http://127.0.0.1:{port}: address already in use.");
        Assert.DoesNotContain(host.Lines(), line => line.TrimStart().StartsWith("Unhandled exception", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--host-plugin=id=audit,file=/plugins/audit.wasm", "error: --host-plugin loads a Wasm component as a host plugin")]
    [InlineData("--wasm-proposal=component-model-async", "error: --wasm-proposal: 'component-model-async' cannot be enabled on this host")]
    [InlineData("--wasi-webgpu", "error: --wasi-webgpu: this host has no WebGPU support")]
    public async Task A_flag_the_host_cannot_honour_ends_it_with_exit_code_2_naming_the_flag(string flag, string expected)
    {
        await using var host = PlatformProcess.Start(
            "host",
            PlatformBinaries.HostRuntimeDll,
            ["--host-group", "default", "--scheduler-nats-url", "nats://127.0.0.1:1", "--http-addr", "127.0.0.1:0", flag],
            Fixtures.RepositoryRoot);

        await Eventually.Until(() => host.HasExited, "the host to refuse the flag", TimeSpan.FromSeconds(60));
        Assert.Equal(2, host.ExitCode);
        Assert.Contains(host.Lines(), line => line.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_config_asking_for_a_wasm_component_plugin_ends_the_host_with_exit_code_2()
    {
        var configFile = Path.Combine(Directory.CreateTempSubdirectory("user-config-").FullName, "config.yaml");
        await File.WriteAllTextAsync(configFile, "host:\n  hostPlugins:\n    - {id: audit, image: ghcr.io/example/audit:1}\n", TestContext.Current.CancellationToken);

        await using var host = PlatformProcess.Start(
            "host",
            PlatformBinaries.HostRuntimeDll,
            ["--host-group", "default", "--scheduler-nats-url", "nats://127.0.0.1:1", "--http-addr", "127.0.0.1:0", $"--user-config={configFile}"],
            Fixtures.RepositoryRoot);

        await Eventually.Until(() => host.HasExited, "the host to refuse the config file", TimeSpan.FromSeconds(60));
        Assert.Equal(2, host.ExitCode);
        Assert.Contains(host.Lines(), line => line.StartsWith($"error: --user-config '{configFile}': host.hostPlugins[0]: 'image' names a Wasm component host plugin", StringComparison.Ordinal));
    }
}
