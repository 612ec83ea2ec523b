using NATS.Client.Core;

namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// TLS for one NATS connection, as <c>wash host</c> takes it: <c>--&lt;which&gt;-nats-tls-ca|cert|key</c> (PEM files)
/// and <c>--&lt;which&gt;-nats-tls-first</c>. The chart mounts the runtime identity at <c>/runtime-cert</c> and the
/// data identity at <c>/data-cert</c>.
/// </summary>
public sealed record NatsTlsFiles
{
    public static NatsTlsFiles None { get; } = new();

    public string? CaPath { get; init; }

    public string? CertPath { get; init; }

    public string? KeyPath { get; init; }

    /// <summary>Handshake before the server's INFO (servers with <c>handshake_first</c>).</summary>
    public bool HandshakeFirst { get; init; }

    /// <summary>
    /// The client's TLS settings. Any file makes TLS required, so a server offering none is refused rather than spoken
    /// to in the clear; with none the URL scheme decides (<c>tls://</c> requires it).
    /// </summary>
    public NatsTlsOpts ToNatsTlsOpts()
    {
        var anyFile = !string.IsNullOrEmpty(CaPath) || !string.IsNullOrEmpty(CertPath);
        return NatsTlsOpts.Default with
        {
            CaFile = string.IsNullOrEmpty(CaPath) ? null : CaPath,
            CertFile = string.IsNullOrEmpty(CertPath) ? null : CertPath,
            KeyFile = string.IsNullOrEmpty(KeyPath) ? null : KeyPath,
            Mode = HandshakeFirst ? TlsMode.Implicit : anyFile ? TlsMode.Require : TlsMode.Auto,
        };
    }
}
