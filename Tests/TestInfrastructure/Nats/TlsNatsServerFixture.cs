using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Wasmcloud.TestInfrastructure.Nats;

/// <summary>
/// A real <c>nats-server</c> that speaks only TLS and demands a client certificate (<c>--tlsverify</c>), with a CA made
/// for the test run: a server certificate for 127.0.0.1 and a client certificate, all PEM files in a temp folder.
/// A client gets in only if it reads the CA (to trust the server) and presents the client certificate and key.
/// </summary>
public sealed class TlsNatsServerFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("nats-tls-").FullName;
    private NatsServerFixture? _server;

    public string CaPath => Path.Combine(_root, "ca.crt");

    public string ClientCertPath => Path.Combine(_root, "client.crt");

    public string ClientKeyPath => Path.Combine(_root, "client.key");

    /// <summary>A second CA that signed nothing here: trusting it instead must fail.</summary>
    public string OtherCaPath => Path.Combine(_root, "other-ca.crt");

    /// <summary><c>tls://127.0.0.1:port</c>.</summary>
    public string TlsUrl => "tls://" + new Uri(Server.ClientUrl).Authority;

    /// <summary><c>nats://127.0.0.1:port</c>: the same server; the client upgrades because the server requires TLS.</summary>
    public string PlainSchemeUrl => Server.ClientUrl;

    public NatsServerFixture Server => _server ?? throw new InvalidOperationException("the TLS nats-server is not started");

    public async ValueTask InitializeAsync()
    {
        var serverCert = Path.Combine(_root, "server.crt");
        var serverKey = Path.Combine(_root, "server.key");
        WriteCertificates(serverCert, serverKey);
        _server = new NatsServerFixture
        {
            ExtraArguments = ["--tls", "--tlscert", serverCert, "--tlskey", serverKey, "--tlscacert", CaPath, "--tlsverify"],
        };
        await _server.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private void WriteCertificates(string serverCertPath, string serverKeyPath)
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=wasmcloud test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(CaPath, ca.ExportCertificatePem());

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=some other CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(OtherCaPath, other.ExportCertificatePem());

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        Issue(ca, "CN=nats", "1.3.6.1.5.5.7.3.1", san.Build(), notBefore, notAfter, serverCertPath, serverKeyPath, serial: 2);
        Issue(ca, "CN=wasmcloud-operator", "1.3.6.1.5.5.7.3.2", null, notBefore, notAfter, ClientCertPath, ClientKeyPath, serial: 3);
    }

    private static void Issue(
        X509Certificate2 ca, string subject, string usage, X509Extension? san, DateTimeOffset notBefore, DateTimeOffset notAfter,
        string certPath, string keyPath, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        using var certificate = request.Create(ca, notBefore, notAfter, [serial]);
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
