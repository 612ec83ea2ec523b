using NATS.Client.Core;

namespace Wasmcloud.Silo.Nats;

/// <summary>The NATS client's TLS settings from the <c>Nats</c> options.</summary>
public static class NatsTls
{
    /// <summary>
    /// Any TLS file makes TLS required (a server that offers no TLS is refused rather than spoken to in the clear);
    /// <see cref="NatsConnectivityOptions.TlsFirst"/> starts with the handshake. With none, the URL scheme decides.
    /// </summary>
    public static NatsTlsOpts For(NatsConnectivityOptions options)
    {
        var anyFile = !string.IsNullOrEmpty(options.TlsCaPath) || !string.IsNullOrEmpty(options.TlsCertPath);
        return NatsTlsOpts.Default with
        {
            CaFile = NullIfEmpty(options.TlsCaPath),
            CertFile = NullIfEmpty(options.TlsCertPath),
            KeyFile = NullIfEmpty(options.TlsKeyPath),
            Mode = options.TlsFirst ? TlsMode.Implicit : anyFile ? TlsMode.Require : TlsMode.Auto,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
