namespace Wasmcloud.Silo.Ingress;

/// <summary>How the silo publishes the gateway's routing table (section "IngressRoutes").</summary>
public sealed class IngressRoutesOptions
{
    public const string SectionName = "IngressRoutes";

    public static readonly TimeSpan DefaultPublishDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultStampCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Whether the table is published at all; off when no gateway is deployed saves the recomputation.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after a change the table is published, so a burst of changes (a rollout) costs one publication.</summary>
    public TimeSpan PublishDelay { get; set; } = DefaultPublishDelay;

    /// <summary>How often an idle publisher checks that the routes grain still holds its table (it is empty after a silo loss).</summary>
    public TimeSpan StampCheckInterval { get; set; } = DefaultStampCheckInterval;
}
