using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Abstractions.State;

/// <summary>What a grain knows and decided: the dashboard's and the tests' window into it. Never holds secrets.</summary>
[GenerateSerializer]
[Alias("wasmcloud.ReconcilerSnapshot")]
public sealed record ReconcilerSnapshot
{
    [Id(0)] public required string Kind { get; init; }
    [Id(1)] public required string Key { get; init; }
    [Id(2)] public KubeObject? Object { get; init; }
    [Id(3)] public DateTimeOffset? LastReconciledAt { get; init; }
    [Id(4)] public int FailedAttempts { get; init; }
    [Id(5)] public DateTimeOffset? NextRetryAt { get; init; }
    [Id(6)] public string? LastError { get; init; }

    /// <summary>Most recent decisions first: placements and why, start results, evictions.</summary>
    [Id(7)] public IReadOnlyList<Decision> Decisions { get; init; } = [];

    /// <summary>Children or members the grain tracks (ReplicaSets, Workloads, endpoints), by name.</summary>
    [Id(8)] public IReadOnlyList<string> Children { get; init; } = [];
}

[GenerateSerializer]
[Alias("wasmcloud.Decision")]
public sealed record Decision(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Message);
