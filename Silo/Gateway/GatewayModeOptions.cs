namespace Wasmcloud.Silo.Gateway;

/// <summary>The deprecated gateway (<c>--gateway</c>): where the silos are and what to do with unknown hosts (section "Gateway").</summary>
public sealed class GatewayModeOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Kestrel's address when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise (the reference's <c>-bind-addr</c> port).</summary>
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public static readonly TimeSpan DefaultPollTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultSiloListRefreshPeriod = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultBackendConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The silos' Orleans gateway endpoints, <c>host:port</c> each. A DNS name is resolved again on every refresh and
    /// each of its addresses is a gateway, so the chart's headless Service name covers every silo pod.
    /// </summary>
    public List<string> Silos { get; set; } = [];

    /// <summary>
    /// Where requests for a host name no workload claims go (an absolute http(s) URL); empty answers them 404.
    /// The reference's <c>-fallback-endpoint</c>.
    /// </summary>
    public string? FallbackEndpoint { get; set; }

    /// <summary>How long one long poll of the routes grain waits for a change before asking again.</summary>
    public TimeSpan PollTimeout { get; set; } = DefaultPollTimeout;

    /// <summary>How often the silo names in <see cref="Silos"/> are resolved again.</summary>
    public TimeSpan SiloListRefreshPeriod { get; set; } = DefaultSiloListRefreshPeriod;

    /// <summary>How long connecting to a host pod may take before the request fails with 502.</summary>
    public TimeSpan BackendConnectTimeout { get; set; } = DefaultBackendConnectTimeout;
}
