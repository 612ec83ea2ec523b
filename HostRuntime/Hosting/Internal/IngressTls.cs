using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Hosting.Internal;

/// <summary>
/// TLS for the HTTP ingress listener (<see cref="HttpTlsFiles"/>). The files are read once, when the host is built, so a
/// bad certificate stops the host at start with a message naming the flag instead of failing every handshake later.
/// </summary>
internal static class IngressTls
{
    /// <exception cref="CommandLineException">A file is not a PEM certificate, key or CA bundle.</exception>
    public static Action<ListenOptions> Configure(HttpTlsFiles tls)
    {
        if (!tls.Enabled)
        {
            return _ => { };
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(tls.CertPath!, tls.KeyPath);
        }
        catch (CryptographicException e)
        {
            throw new CommandLineException($"--tls-cert-path '{tls.CertPath}' / --tls-key-path '{tls.KeyPath}': not a PEM certificate and its private key ({e.Message})", e);
        }

        X509Certificate2Collection? clientCas = null;
        if (!string.IsNullOrEmpty(tls.ClientCaPath))
        {
            clientCas = [];
            try
            {
                clientCas.ImportFromPemFile(tls.ClientCaPath);
            }
            catch (CryptographicException e)
            {
                throw new CommandLineException($"--tls-ca-path '{tls.ClientCaPath}': not PEM certificates ({e.Message})", e);
            }

            if (clientCas.Count == 0)
            {
                throw new CommandLineException($"--tls-ca-path '{tls.ClientCaPath}' holds no certificate");
            }
        }

        return listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (clientCas is not null)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (client, _, _) => IssuedBy(client, clientCas);
            }
        });
    }

    /// <summary>A chain from the client's certificate to one of the CAs, and to nothing the system happens to trust.</summary>
    private static bool IssuedBy(X509Certificate2 client, X509Certificate2Collection cas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}
