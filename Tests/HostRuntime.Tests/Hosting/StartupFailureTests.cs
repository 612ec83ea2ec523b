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
}
