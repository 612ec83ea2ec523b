using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Wasmcloud.HostRuntime.Control;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.HostRuntime.Tests.Control;

/// <summary>
/// The host's control connection with the chart's flags (<c>--scheduler-nats-tls-ca|cert|key</c>) against a real
/// nats-server that speaks only TLS and demands a client certificate from a CA made for the test.
/// </summary>
public sealed class ControlConnectionTlsTests(TlsNatsServerFixture nats) : IClassFixture<TlsNatsServerFixture>
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_host_connects_with_the_scheduler_tls_flags_the_chart_passes()
    {
        var options = HostRuntimeCommandLine.Parse(
            [
                "host", "--scheduler-nats-url", nats.TlsUrl,
                "--scheduler-nats-tls-ca", nats.CaPath, "--scheduler-nats-tls-cert", nats.ClientCertPath, "--scheduler-nats-tls-key", nats.ClientKeyPath,
            ],
            _ => null);
        Assert.True(new HostRuntimeOptionsValidator().Validate(null, options).Succeeded);
        Assert.Empty(options.IgnoredFlags);
        await using var control = new ControlConnection(options, HostIdentity.Create(options, TimeProvider.System), NullLoggerFactory.Instance);

        await control.Connection.ConnectAsync().AsTask().WaitAsync(ConnectDeadline, Cancellation);
        await control.Connection.PingAsync(Cancellation);

        Assert.Equal(NatsConnectionState.Open, control.Connection.ConnectionState);
        Assert.True(control.Connection.ServerInfo?.TlsRequired);
    }

    [Fact]
    public async Task Without_the_client_certificate_the_server_is_not_reached()
    {
        var tls = new NatsTlsFiles { CaPath = nats.CaPath };
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.TlsUrl, TlsOpts = tls.ToNatsTlsOpts() });

        await Assert.ThrowsAnyAsync<NatsException>(async () => await connection.ConnectAsync().AsTask().WaitAsync(ConnectDeadline, Cancellation));
    }
}
