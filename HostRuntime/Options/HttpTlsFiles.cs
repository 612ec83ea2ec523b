namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// HTTPS on the HTTP ingress, as <c>wash host</c> takes it: <c>--tls-cert-path</c> and <c>--tls-key-path</c> (PEM
/// files) switch the listener to TLS; <c>--tls-ca-path</c> also requires every client to present a certificate issued
/// by that CA (mTLS). The chart mounts a host group's <c>http.tls</c> certificate at <c>/http-cert</c>.
/// </summary>
public sealed record HttpTlsFiles
{
    public static HttpTlsFiles None { get; } = new();

    public string? CertPath { get; init; }

    public string? KeyPath { get; init; }

    public string? ClientCaPath { get; init; }

    public bool Enabled => !string.IsNullOrEmpty(CertPath);
}
