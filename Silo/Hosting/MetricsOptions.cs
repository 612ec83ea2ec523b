namespace Wasmcloud.Silo.Hosting;

/// <summary>The Prometheus endpoint at <see cref="ServiceDefaults.MetricsPath"/>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    public static readonly TimeSpan DefaultScrapeCacheDuration = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan MaxScrapeCacheDuration = TimeSpan.FromMinutes(1);

    /// <summary>Serve <c>/metrics</c> at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Put <c>/metrics</c> behind the access gate: loopback-only in standalone mode, TokenReview plus a
    /// SubjectAccessReview for <c>get</c> on <c>/metrics</c> in Kubernetes mode. On by default, unlike the reference's
    /// <c>-metrics-secure</c>; turn it off only where something else (a NetworkPolicy, a proxy) guards the port.
    /// </summary>
    public bool Protected { get; set; } = true;

    /// <summary>How long one scrape's answer is reused for the next ones, so several scrapers cost one collection.</summary>
    public TimeSpan ScrapeCacheDuration { get; set; } = DefaultScrapeCacheDuration;
}
