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

    /// <summary>Heartbeats forwarded to Host grains at once; beyond this the subscription waits (and NATS buffers).</summary>
    public int MaxConcurrentHeartbeats { get; init; } = 64;
}
