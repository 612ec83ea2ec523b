namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>What a <see cref="ComponentMessageHandler"/> needs to know about its component, fixed at workload start.</summary>
internal sealed record MessageHandlerSettings
{
    public required string WorkloadId { get; init; }

    public required string ComponentName { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public required long MemoryLimitBytes { get; init; }

    /// <summary>The deadline of one <c>handle-message</c> call (<c>--request-timeout</c>).</summary>
    public required TimeSpan Timeout { get; init; }

    public required ComponentPlugins Plugins { get; init; }
}
