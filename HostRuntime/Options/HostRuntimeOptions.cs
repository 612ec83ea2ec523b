namespace Wasmcloud.HostRuntime.Options;

/// <summary>
/// What <c>wash host</c> accepts, where we implement it, plus our own additions. Names in the remarks are the
/// command-line flags (<see cref="HostRuntimeCommandLine"/>).
/// </summary>
public sealed record HostRuntimeOptions
{
    public const string DefaultHostGroup = "default";
    public const string DefaultNatsUrl = "nats://localhost:4222";
    public const string DefaultHttpAddr = "0.0.0.0:9191";
    public const string DefaultPluginsDir = "/plugins";
    public const int DefaultMaxRequestBytes = 1024 * 1024;
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultRegistryPullTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultMaxComponentMemoryMb = 256;
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>No fuel budget per request: with <c>--enable-meters</c> alone fuel is counted, never a limit.</summary>
    public const long DefaultFuelPerRequest = 0;

    /// <summary><c>--host-name</c>: reported as <c>hostname</c>; the chart passes the pod IP. Unset: the OS hostname.</summary>
    public string? HostName { get; init; }

    /// <summary><c>--host-group</c>: becomes the only label, <c>hostgroup</c>.</summary>
    public string HostGroup { get; init; } = DefaultHostGroup;

    /// <summary><c>--environment</c> or <c>WASMCLOUD_HOST_ENVIRONMENT</c>.</summary>
    public string Environment { get; init; } = "";

    /// <summary><c>--scheduler-nats-url</c>: the control plane (heartbeats and commands).</summary>
    public string SchedulerNatsUrl { get; init; } = DefaultNatsUrl;

    /// <summary><c>--data-nats-url</c>: what workload plugins (messaging, key-value) talk to.</summary>
    public string DataNatsUrl { get; init; } = DefaultNatsUrl;

    /// <summary><c>--scheduler-nats-tls-ca|cert|key|first</c>: TLS of the control-plane connection.</summary>
    public NatsTlsFiles SchedulerNatsTls { get; init; } = NatsTlsFiles.None;

    /// <summary><c>--data-nats-tls-ca|cert|key|first</c>: TLS of the workload plugins' connection.</summary>
    public NatsTlsFiles DataNatsTls { get; init; } = NatsTlsFiles.None;

    /// <summary><c>--plugins-dir</c> (ours): where <c>--plugin</c> ids are looked up, one sub-folder per plugin package (docs/host-plugins.md).</summary>
    public string PluginsDir { get; init; } = DefaultPluginsDir;

    /// <summary><c>--plugin &lt;id&gt;</c>, repeatable (ours): plugins from <see cref="PluginsDir"/> to enable; none by default.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    /// <summary>
    /// <c>--user-config</c>: a YAML file whose <c>host.hostPlugins[]</c> entries enable plugins with host-wide config and
    /// secrets (<see cref="HostUserConfig"/>); read at startup, where a bad file stops the host.
    /// </summary>
    public string? UserConfigPath { get; init; }

    /// <summary><c>--wasm-proposal</c>, repeatable: proposals switched on in the engine beyond Wasmtime's defaults.</summary>
    public IReadOnlyList<WasmProposal> WasmProposals { get; init; } = [];

    /// <summary><c>--http-addr</c>: an IP endpoint; port 0 picks a free port (tests), which heartbeats then report.</summary>
    public string HttpAddr { get; init; } = DefaultHttpAddr;

    /// <summary><c>--tls-cert-path</c>, <c>--tls-key-path</c>, <c>--tls-ca-path</c>: HTTPS (and mTLS) on <see cref="HttpAddr"/>.</summary>
    public HttpTlsFiles HttpTls { get; init; } = HttpTlsFiles.None;

    /// <summary><c>--oci-cache-dir</c>: unset means a folder under the system temp directory.</summary>
    public string? OciCacheDir { get; init; }

    /// <summary><c>--oci-ca-path</c>, repeatable: extra CA certificates (PEM files, each may hold several) trusted for registries.</summary>
    public IReadOnlyList<string> OciCaPaths { get; init; } = [];

    /// <summary><c>--allow-insecure-registries</c>: plain HTTP to every registry, as in the reference.</summary>
    public bool AllowInsecureRegistries { get; init; }

    /// <summary><c>--registry-pull-timeout</c>.</summary>
    public TimeSpan RegistryPullTimeout { get; init; } = DefaultRegistryPullTimeout;

    /// <summary><c>--heartbeat-interval</c> (ours; the reference hard-codes 15 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = DefaultHeartbeatInterval;

    /// <summary><c>--max-request-bytes</c> (ours): larger control requests are refused with an error reply.</summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary><c>--shutdown-timeout</c> (ours): how long SIGTERM waits for HTTP requests to drain and workloads to stop.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

    /// <summary>
    /// <c>--max-component-memory-mb</c> (ours): the linear-memory ceiling of every component instance. The CRD has no
    /// memory field; a start request's <c>memory_limit_mb</c>, when set, may only lower it.
    /// </summary>
    public int MaxComponentMemoryMb { get; init; } = DefaultMaxComponentMemoryMb;

    /// <summary><c>--request-timeout</c> (ours): how long one HTTP invocation may run before it is interrupted (504).</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>
    /// <c>--compile-cache-dir</c> (ours): compiled components, reused across starts and host restarts. Unset: the
    /// <c>compiled</c> folder of <see cref="OciCacheDir"/> when that is set, else a folder under the temp directory.
    /// </summary>
    public string? CompileCacheDir { get; init; }

    /// <summary>
    /// <c>--enable-meters</c>: Wasmtime fuel metering, as in the reference. Guest code counts the fuel it burns (about
    /// one unit per Wasm instruction) and the host reports it per workload; it costs throughput (docs/benchmarks.md).
    /// </summary>
    public bool EnableMeters { get; init; }

    /// <summary>
    /// <c>--fuel-per-request</c> (ours): the fuel one HTTP request (or message) may burn before it is cut off with a 500
    /// and its instance discarded, like a trap; 0 for no budget. A budget implies <see cref="EnableMeters"/>.
    /// </summary>
    public long FuelPerRequest { get; init; } = DefaultFuelPerRequest;

    /// <summary>Whether the engine meters fuel: <see cref="EnableMeters"/> or a <see cref="FuelPerRequest"/> budget.</summary>
    public bool MetersFuel => EnableMeters || FuelPerRequest > 0;

    /// <summary><c>--log-level</c>: trace, debug, info, warn or error.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary><c>wash host</c> flags we accept for compatibility but do not implement yet; logged at start.</summary>
    public IReadOnlyList<string> IgnoredFlags { get; init; } = [];
}
