using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wasmcloud.TestInfrastructure.Oci;

/// <summary>
/// The registry over HTTPS with a server certificate for 127.0.0.1 issued by a throwaway CA made here; no system store
/// trusts it, so clients need <see cref="CaCertificatePath"/> (<c>--oci-ca-path</c>). The certificate names
/// 127.0.0.1 only.
/// </summary>
public sealed class TlsRegistryFixture : RegistryFixture
{
    /// <summary>The CA certificate, PEM.</summary>
    public string CaCertificatePath => Path.Combine(Root, "ca.pem");

    protected override string Scheme => "https";

    private string CertificatePath => Path.Combine(Root, "server.pem");

    private string KeyPath => Path.Combine(Root, "server-key.pem");

    protected override async Task PrepareAsync()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=registry-fixture test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        // Only the IP: tests reach the same socket as "localhost" to see a name mismatch refused.
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var server = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);

        await File.WriteAllTextAsync(CaCertificatePath, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(CertificatePath, server.ExportCertificatePem());
        await File.WriteAllTextAsync(KeyPath, serverKey.ExportPkcs8PrivateKeyPem());
    }

    protected override void AppendHttpConfiguration(StringBuilder yaml)
    {
        yaml.AppendLine("  tls:");
        yaml.AppendLine($"    certificate: {CertificatePath}");
        yaml.AppendLine($"    key: {KeyPath}");
    }

    /// <summary>The fixture's own client trusts exactly its CA, independently of the code under test.</summary>
    protected override HttpMessageHandler CreateHandler()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
    }
}
