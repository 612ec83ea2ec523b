namespace Wasmcloud.Silo.Reminders;

/// <summary>
/// The reminder table in a NATS JetStream key-value bucket (configuration section <c>Reminders:JetStream</c>).
/// Rows are keyed by the cluster's <c>ServiceId</c>, so several Orleans services may share one bucket.
/// </summary>
public sealed class JetStreamReminderTableOptions
{
    public const string SectionName = "Reminders:JetStream";
    public const string DefaultBucket = "orleans-reminders";
    public const int DefaultReplicas = 1;
    public const int DefaultMaxRangeShards = 32;
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The KV bucket; created when missing (JetStream bucket names allow <c>[A-Za-z0-9_-]</c>).</summary>
    public string Bucket { get; set; } = DefaultBucket;

    /// <summary>
    /// JetStream replicas of the bucket (1, 3 or 5 on a clustered NATS). With 1 the reminders survive any silo but
    /// not the loss of the NATS server's storage; the chart's NATS decides how many replicas are possible.
    /// </summary>
    public int Replicas { get; set; } = DefaultReplicas;

    /// <summary>NATS server URL(s), comma-separated. Unset: the silo's own <c>Nats:Url</c>.</summary>
    public string? Url { get; set; }

    /// <summary>How the table's connection appears in the server's connection list.</summary>
    public string ConnectionName { get; set; } = "wasmcloud-operator-reminders";

    /// <summary>Longest one table call may take, connecting included; Orleans retries reminder reads on its own.</summary>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>
    /// A range read that overlaps more of the 256 hash shards than this reads the whole service in one scan instead
    /// of one subscription per shard: past this, setting up subscriptions costs more than the extra rows.
    /// </summary>
    public int MaxRangeShards { get; set; } = DefaultMaxRangeShards;
}
