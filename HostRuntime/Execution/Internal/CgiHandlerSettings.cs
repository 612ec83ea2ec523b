namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>What a <see cref="CgiHttpHandler"/> needs to know about its component, fixed at workload start.</summary>
internal sealed record CgiHandlerSettings
{
    public required string WorkloadId { get; init; }

    public required string ComponentName { get; init; }

    /// <summary>The component's <c>localResources.environment</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public required long MemoryLimitBytes { get; init; }

    /// <summary>The request deadline (<c>--request-timeout</c>).</summary>
    public required TimeSpan Timeout { get; init; }

    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    /// <summary>Where request bodies are written for the guest's stdin.</summary>
    public required string SpoolDirectory { get; init; }
}
