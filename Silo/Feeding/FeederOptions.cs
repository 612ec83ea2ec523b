namespace Wasmcloud.Silo.Feeding;

/// <summary>What the feeder watches and how hard it retries.</summary>
public sealed class FeederOptions
{
    public const string SectionName = "Feeder";

    /// <summary>Namespaces to watch; empty watches all of them.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>
    /// Where Host objects are watched, whatever <see cref="Namespaces"/> says: the operator namespace in Kubernetes
    /// mode (reference §7.1, cache scoping). Unset feeds Hosts from <see cref="Namespaces"/> like every other kind.
    /// </summary>
    public string? HostNamespace { get; set; }

    /// <summary>First delay before reconnecting a failed watch or retrying a failed grain call.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The cap of the exponential backoff.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Grain calls in flight at once, across all objects (each object's events stay in order).</summary>
    public int MaxConcurrentDispatches { get; set; } = 64;

    /// <summary>
    /// Attempts at one event before it is given up with an error log. Grain state is rebuilt by the next change
    /// or relist, so giving up only delays; retrying forever would block every later event of that object.
    /// </summary>
    public int MaxDispatchAttempts { get; set; } = 12;
}
