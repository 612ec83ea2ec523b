using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Wasmcloud.Silo.Nats;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.Silo.Tests.Nats;

/// <summary>
/// The silo's NATS connection with the chart's TLS flags (<c>--Nats:TlsCaPath/TlsCertPath/TlsKeyPath</c>) against a
/// real nats-server that speaks only TLS and demands a client certificate from a CA made for the test.
/// </summary>
public sealed class NatsTlsTests(TlsNatsServerFixture nats) : IClassFixture<TlsNatsServerFixture>
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_silo_trusts_the_ca_presents_its_certificate_and_talks_over_tls()
    {
        var options = new NatsConnectivityOptions { Url = nats.TlsUrl, TlsCaPath = nats.CaPath, TlsCertPath = nats.ClientCertPath, TlsKeyPath = nats.ClientKeyPath };
        Assert.True(new NatsConnectivityOptionsValidator().Validate(null, options).Succeeded);
        await using var connection = new ControlPlaneConnection(Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);

        await connection.Connection.ConnectAsync().AsTask().WaitAsync(ConnectDeadline, Cancellation);

        Assert.Equal(NatsConnectionState.Open, connection.Connection.ConnectionState);
        Assert.True(connection.Connection.ServerInfo?.TlsRequired);
        await connection.Connection.PingAsync(Cancellation);
    }

    [Fact]
    public async Task With_the_ca_files_a_nats_url_still_gets_tls()
    {
        var options = new NatsConnectivityOptions { Url = nats.PlainSchemeUrl, TlsCaPath = nats.CaPath, TlsCertPath = nats.ClientCertPath, TlsKeyPath = nats.ClientKeyPath };
        await using var connection = new ControlPlaneConnection(Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);

        await connection.Connection.ConnectAsync().AsTask().WaitAsync(ConnectDeadline, Cancellation);

        Assert.Equal(NatsConnectionState.Open, connection.Connection.ConnectionState);
    }

    [Fact]
    public async Task Without_the_client_certificate_or_with_another_ca_the_server_is_not_reached()
    {
        await AssertRefusedAsync(new NatsConnectivityOptions { Url = nats.TlsUrl, TlsCaPath = nats.CaPath });
        await AssertRefusedAsync(new NatsConnectivityOptions { Url = nats.TlsUrl, TlsCaPath = nats.OtherCaPath, TlsCertPath = nats.ClientCertPath, TlsKeyPath = nats.ClientKeyPath });
    }

    [Fact]
    public void A_certificate_without_its_key_and_missing_files_are_refused_at_start()
    {
        var result = new NatsConnectivityOptionsValidator().Validate(null, new NatsConnectivityOptions
        {
            TlsCaPath = "/definitely/not/ca.crt",
            TlsCertPath = nats.ClientCertPath,
        });

        Assert.True(result.Failed);
        Assert.Contains("Nats:TlsCertPath and Nats:TlsKeyPath go together: a client certificate needs its key.", result.Failures!);
        Assert.Contains("Nats:TlsCaPath '/definitely/not/ca.crt' does not exist.", result.Failures!);
    }

    private static async Task AssertRefusedAsync(NatsConnectivityOptions options)
    {
        // The silo's own TLS settings on a connection that does not retry, so the refusal surfaces.
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = options.Url, TlsOpts = NatsTls.For(options) });
        await Assert.ThrowsAnyAsync<NatsException>(async () => await connection.ConnectAsync().AsTask().WaitAsync(ConnectDeadline, Cancellation));
    }
}
