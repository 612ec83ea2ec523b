using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// The whole platform as <c>run.sh</c> starts it, from the built binaries: a loopback nats-server, one silo in
/// standalone mode reconciling a temp manifests folder, and N HostRuntime processes. Everything a test or benchmark
/// does goes through what a user has: manifest files, the silo's <c>/api/objects</c>, and HTTP to the hosts.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly PlatformOptions _options;
    private readonly List<PlatformHost> _hosts = [];
    private readonly HttpClient _http;
    private PlatformProcess? _silo;
    private PlatformProcess? _gateway;

    private Platform(PlatformOptions options)
    {
        _options = options;
        Root = Directory.CreateTempSubdirectory("wasmcloud-platform-").FullName;
        ManifestsFolder = Directory.CreateDirectory(Path.Combine(Root, "manifests")).FullName;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            // A host killed mid-test must not leave a pooled connection that fails the next probe for a while.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1),
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>The temp folder holding manifests, caches and state; deleted on dispose.</summary>
    public string Root { get; }

    /// <summary>The folder the silo watches; write files with <see cref="WriteManifestAsync"/>.</summary>
    public string ManifestsFolder { get; }

    public NatsServerFixture Nats { get; } = new();

    public Uri SiloUrl { get; private set; } = null!;

    public PlatformProcess Silo => _silo ?? throw new InvalidOperationException("the silo is not started");

    /// <summary>The silo's Orleans gateway port, which clients (the <c>--gateway</c> process) connect to.</summary>
    public int OrleansGatewayPort { get; private set; }

    /// <summary>Where the <c>--gateway</c> process listens, once <see cref="StartGatewayAsync"/> has run.</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Every host started, in order, killed ones included.</summary>
    public IReadOnlyList<PlatformHost> Hosts
    {
        get
        {
            lock (_hosts)
            {
                return [.. _hosts];
            }
        }
    }

    public IEnumerable<PlatformHost> LiveHosts => Hosts.Where(h => !h.IsKilled);

    /// <summary>Starts NATS, the silo and the hosts, and returns once every host is a Ready Host object.</summary>
    public static async Task<Platform> StartAsync(PlatformOptions? options = null, CancellationToken cancellationToken = default)
    {
        var platform = new Platform(options ?? PlatformOptions.Fast);
        try
        {
            await platform.StartCoreAsync(cancellationToken);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        await Nats.InitializeAsync();
        var httpPort = FreePort.Next();
        SiloUrl = new Uri($"http://127.0.0.1:{httpPort}/");
        OrleansGatewayPort = FreePort.Next();
        string[] siloArguments =
        [
            "--standalone", "--manifests", ManifestsFolder,
            "--urls", SiloUrl.GetLeftPart(UriPartial.Authority),
            "--Nats:Url", Nats.ClientUrl,
            "--Orleans:SiloPort", FreePort.Next().ToString(),
            "--Orleans:GatewayPort", OrleansGatewayPort.ToString(),
            .. _options.OperatorArguments(),
            .. _options.SiloArguments,
        ];
        _silo = PlatformProcess.Start("silo", PlatformBinaries.SiloDll, siloArguments, Root);
        await Until(
            async () => (await TryGetAsync(new Uri(SiloUrl, "readyz"), cancellationToken)).IsOk,
            "the silo to answer /readyz",
            _options.StartTimeout);

        await Task.WhenAll(Enumerable.Range(0, _options.HostCount).Select(_ => AddHostAsync(cancellationToken)));
    }

    /// <summary>
    /// Starts the silo image in <c>--gateway</c> mode, pointed at the silo's Orleans gateway port, and returns once it
    /// is ready (it has received a routing table).
    /// </summary>
    public async Task StartGatewayAsync(CancellationToken cancellationToken = default)
    {
        GatewayUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        string[] arguments =
        [
            "--gateway",
            "--urls", GatewayUrl.GetLeftPart(UriPartial.Authority),
            "--Gateway:Silos:0", $"127.0.0.1:{OrleansGatewayPort}",
        ];
        _gateway = PlatformProcess.Start("gateway", PlatformBinaries.SiloDll, arguments, Root);
        await Until(
            async () => (await TryGetAsync(new Uri(GatewayUrl, "readyz"), cancellationToken)).IsOk,
            "the gateway to answer /readyz",
            _options.StartTimeout);
    }

    /// <summary>GET <paramref name="path"/> through the gateway with the given Host header; never throws for network errors.</summary>
    public async Task<HttpAnswer> GetThroughGatewayAsync(string hostHeader, string path = "/", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(GatewayUrl, path));
        request.Headers.Host = hostHeader;
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>Starts one more host and returns once its Host object is Ready.</summary>
    public async Task<PlatformHost> AddHostAsync(CancellationToken cancellationToken = default)
    {
        PlatformHost host;
        lock (_hosts)
        {
            host = PlatformHost.Start(_hosts.Count, Root, Nats.ClientUrl, [.. _options.HeartbeatArguments(), .. _options.HostArguments]);
            _hosts.Add(host);
        }

        await host.WaitForIdentityAsync(_options.StartTimeout, cancellationToken);
        await Until(
            async () => (await GetObjectsAsync(cancellationToken)).Any(o => o.Kind == "Host" && o.Name == host.FriendlyName && o.Ready == ConditionStatus.True),
            $"{host} to be a Ready Host object",
            _options.StartTimeout);
        return host;
    }

    /// <summary>Writes <c>name.yaml</c> into the manifests folder in one rename, so the silo never reads half a file.</summary>
    public async Task WriteManifestAsync(string name, string yaml, CancellationToken cancellationToken = default)
    {
        var temporary = Path.Combine(ManifestsFolder, $".{name}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, yaml, cancellationToken);
        File.Move(temporary, ManifestPath(name), overwrite: true);
    }

    /// <summary>Removes <c>name.yaml</c>: the silo deletes what it defined, as <c>kubectl delete -f</c> would.</summary>
    public void DeleteManifest(string name) => File.Delete(ManifestPath(name));

    /// <summary>
    /// Removes <c>name.yaml</c> and waits until none of <paramref name="deployments"/> (by default the one named like the
    /// manifest) has a Workload left.
    /// </summary>
    public async Task DeleteManifestAndWaitAsync(string name, CancellationToken cancellationToken, params string[] deployments)
    {
        DeleteManifest(name);
        string[] owners = deployments.Length == 0 ? [name] : deployments;
        await Until(
            () => GetObjectsAsync(cancellationToken),
            objects => owners.All(d => objects.WorkloadsOf(d).Count == 0),
            $"the Workloads of {string.Join(", ", owners)} to be gone after {name}.yaml was deleted");
    }

    /// <summary>Every object the silo reconciles, with conditions, as <c>GET /api/objects</c> returns them.</summary>
    public async Task<IReadOnlyList<ObjectSummary>> GetObjectsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(SiloUrl, "api/objects"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<ObjectSummary>>(s_json, cancellationToken) ?? [];
    }

    /// <summary>The silo's <c>kubectl get</c>-like table, for messages.</summary>
    public async Task<string> GetStatusTableAsync(CancellationToken cancellationToken = default) =>
        (await TryGetAsync(SiloUrl, cancellationToken)).Body;

    /// <summary>GET <paramref name="path"/> on a host's ingress with the given Host header; never throws for network errors.</summary>
    public async Task<HttpAnswer> GetAsync(PlatformHost host, string hostHeader, string path = "/", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, path));
        request.Headers.Host = hostHeader;
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>Polls until <paramref name="done"/> holds; on timeout the message carries the silo's table and every process's log tail.</summary>
    public async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await Eventually.Until<T>(async () => await probe(), value => value is not null && done(value), what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n\n{await DescribeAsync()}", e);
        }
    }

    public Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Until(async () => await condition(), ok => ok, what, timeout);

    /// <summary>What a person debugging a failure wants first: the object table, then the tail of every log.</summary>
    public async Task<string> DescribeAsync(int linesPerProcess = 40)
    {
        var text = new StringBuilder();
        text.Append("--- silo objects ---\n");
        try
        {
            text.Append(await GetStatusTableAsync());
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            text.Append("(the silo did not answer: ").Append(e.Message).Append(")\n");
        }

        foreach (var process in Hosts.Select(h => h.Process).Prepend(_gateway).Prepend(_silo).OfType<PlatformProcess>())
        {
            text.Append($"--- {process} log, last {linesPerProcess} lines{(process.HasExited ? ", exited" : "")} ---\n");
            text.Append(process.Tail(linesPerProcess));
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await Nats.DisposeAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run over.
        }
    }

    private string ManifestPath(string name) => Path.Combine(ManifestsFolder, name + ".yaml");

    private async Task<HttpAnswer> TryGetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendAsync(request, cancellationToken);
    }

    private async Task<HttpAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return new HttpAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return new HttpAnswer(0, e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpAnswer(0, $"timed out: {e.Message}");
        }
    }
}
