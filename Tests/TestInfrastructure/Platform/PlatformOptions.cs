using System.Globalization;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// How a <see cref="Platform"/> is started. A null timing leaves the product's own default in force, so
/// <see cref="ProductionDefaults"/> measures what a user gets out of the box.
/// </summary>
public sealed record PlatformOptions
{
    /// <summary>Short heartbeats and a quick health check, so failover takes seconds in tests.</summary>
    public static PlatformOptions Fast { get; } = new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        HostTtl = TimeSpan.FromSeconds(6),
        HealthCheckPeriod = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Nothing overridden: 15 s heartbeats, 5 s health checks, 60 s host TTL.</summary>
    public static PlatformOptions ProductionDefaults { get; } = new();

    public int HostCount { get; init; } = 2;

    /// <summary>Both the hosts' <c>--heartbeat-interval</c> and the operator's <c>Operator:HeartbeatInterval</c>.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary><c>Operator:HostTtl</c>: when a silent host's object is deleted.</summary>
    public TimeSpan? HostTtl { get; init; }

    /// <summary><c>Operator:HealthCheckPeriod</c>: how often a host grain re-judges its host between heartbeats.</summary>
    public TimeSpan? HealthCheckPeriod { get; init; }

    /// <summary>Extra flags for every host, e.g. <c>--allow-insecure-registries</c>.</summary>
    public IReadOnlyList<string> HostArguments { get; init; } = [];

    /// <summary>Extra configuration for the silo, e.g. <c>--Operator:RetryMaxDelay 00:00:05</c>.</summary>
    public IReadOnlyList<string> SiloArguments { get; init; } = [];

    /// <summary>How long the silo and each host may take to come up (a cold start on a busy 2-core machine is slow).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    internal IEnumerable<string> OperatorArguments()
    {
        if (HeartbeatInterval is { } heartbeat)
        {
            yield return "--Operator:HeartbeatInterval";
            yield return heartbeat.ToString("c", CultureInfo.InvariantCulture);
        }

        if (HostTtl is { } ttl)
        {
            yield return "--Operator:HostTtl";
            yield return ttl.ToString("c", CultureInfo.InvariantCulture);
        }

        if (HealthCheckPeriod is { } period)
        {
            yield return "--Operator:HealthCheckPeriod";
            yield return period.ToString("c", CultureInfo.InvariantCulture);
        }
    }

    internal IEnumerable<string> HeartbeatArguments()
    {
        if (HeartbeatInterval is { } heartbeat)
        {
            yield return "--heartbeat-interval";
            yield return $"{(long)heartbeat.TotalMilliseconds}ms";
        }
    }
}
