using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wasmcloud.HostRuntime.Components.Oci.Internal;

/// <summary>
/// Server certificate validation for registries with extra CAs (<c>--oci-ca-path</c>): the system roots as usual,
/// and when those fail only on the chain, a second chain built against the extra CAs as custom roots. A name mismatch
/// stays fatal: an extra CA widens whom we trust, not which host we accept.
/// </summary>
internal sealed class RegistryTrust
{
    private readonly X509Certificate2Collection _roots;

    private RegistryTrust(X509Certificate2Collection roots)
    {
        _roots = roots;
    }

    /// <exception cref="InvalidOperationException">A file cannot be read or holds no certificate.</exception>
    public static RegistryTrust Load(IEnumerable<string> paths)
    {
        var roots = new X509Certificate2Collection();
        foreach (var path in paths)
        {
            var before = roots.Count;
            try
            {
                roots.ImportFromPemFile(path);
                if (roots.Count == before)
                {
                    // Not PEM; a single DER certificate is the other common way CAs are handed out.
                    roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                }
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"--oci-ca-path '{path}' holds no readable certificate: {e.Message}", e);
            }
        }

        return new RegistryTrust(roots);
    }

    public int Count => _roots.Count;

    /// <exception cref="AuthenticationException">
    /// The certificate is refused; thrown rather than returning false so the pull error says why, where .NET would only
    /// say that the callback refused it.
    /// </exception>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            throw new AuthenticationException("the registry sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            throw new AuthenticationException($"the certificate of {(sender as SslStream)?.TargetHostName ?? "the registry"} is issued for another name");
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);

        // Private CAs rarely publish revocation lists; checking would fail every handshake against them.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent along.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            if (custom.Build(leaf))
            {
                return true;
            }

            var status = string.Join(", ", custom.ChainStatus.Select(s => s.Status).Distinct());
            throw new AuthenticationException($"the certificate chain leads neither to a system root nor to a CA of --oci-ca-path ({status})");
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
            {
                leaf.Dispose();
            }
        }
    }
}
