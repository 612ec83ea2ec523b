namespace Wasmcloud.Silo.Nats;

/// <summary>The silo's control-plane NATS link to hosts (configuration section <c>Nats</c>).</summary>
public sealed class NatsConnectivityOptions
{
    public const string SectionName = "Nats";
    public const string DefaultUrl = "nats://127.0.0.1:4222";

    /// <summary>Server URL(s), comma-separated.</summary>
    public string Url { get; init; } = DefaultUrl;

    /// <summary>How the connection appears in the server's connection list.</summary>
    public string ConnectionName { get; init; } = "wasmcloud-operator";

    /// <summary><c>workload.start</c>: the host answers only when the workload runs, image pulls included.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>heartbeat</c> requests used to check a host is alive.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// PEM CA bundle the server's certificate must chain to (reference <c>-nats-ca</c>). Setting any TLS file makes TLS
    /// required, whatever the URL scheme. The chart mounts the operator identity at <c>/operator-cert</c>.
    /// </summary>
    public string? TlsCaPath { get; init; }

    /// <summary>PEM client certificate presented to the server (reference <c>-nats-client-cert</c>); needs <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertPath"/> (reference <c>-nats-client-key</c>).</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>TLS handshake before the server's INFO, for servers configured with <c>handshake_first</c> (reference <c>-nats-tls-first</c>).</summary>
    public bool TlsFirst { get; init; }

    /// <summary>Heartbeats forwarded to Host grains at once; beyond this the subscription waits (and NATS buffers).</summary>
    public int MaxConcurrentHeartbeats { get; init; } = 64;
}
