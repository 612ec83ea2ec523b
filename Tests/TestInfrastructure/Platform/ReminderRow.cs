namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// One reminder as the JetStream reminder table stores it: the bucket key
/// (<c>{service}.{shard}.{hash}.{grain}.{reminder}</c>), the grain's uniform hash read from that key, and the grain,
/// name and period read from the value.
/// </summary>
public sealed record ReminderRow(string Key, uint GrainHash, string GrainId, string ReminderName, TimeSpan Period)
{
    /// <summary>True for the reminder of the grain of the Workload <paramref name="name"/> in <paramref name="namespace"/>.</summary>
    public bool IsOfWorkload(string @namespace, string name) =>
        GrainId.StartsWith("workload/", StringComparison.Ordinal) && GrainId.EndsWith($"/{@namespace}/{name}", StringComparison.Ordinal);
}
