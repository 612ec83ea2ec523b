using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.Silo.Reminders;
using Wasmcloud.Silo.Standalone;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Nats;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// The platform as the chart runs it, on loopback: silo processes in Kubernetes mode (<c>--kubeconfig</c>) against the
/// fake API server in this process, forming one Orleans cluster through the MembershipTable there, plus HostRuntime
/// processes on a loopback nats-server. Timings are short so failover takes seconds.
/// </summary>
public sealed class KubernetesPlatform : IAsyncDisposable
{
    public const string OperatorNamespace = "wasmcloud-system";
    public const string AppsNamespace = "apps";
    public const string ServiceId = "wasmcloud";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly List<KubernetesSilo> _silos = [];
    private readonly List<PlatformHost> _hosts = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _kubeconfig;
    private IKubernetes? _client;
    private NatsConnection? _natsClient;

    private KubernetesPlatform()
    {
        Root = Directory.CreateTempSubdirectory("wasmcloud-k8s-platform-").FullName;
        _kubeconfig = Path.Combine(Root, "kubeconfig");
    }

    public string Root { get; }

    public string ClusterId { get; } = $"c{Guid.NewGuid():N}"[..10];

    public FakeApiServer Server { get; private set; } = null!;

    public NatsServerFixture Nats { get; } = new();

    public IKubernetes Client => _client ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<KubernetesSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

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

    /// <summary>Silo timings for tests: a Lease that changes hands within seconds, Orleans probes of one second.</summary>
    public static IReadOnlyList<string> FastSiloArguments { get; } =
    [
        "--LeaderElection:LeaseDuration", "00:00:04", "--LeaderElection:RenewDeadline", "00:00:03", "--LeaderElection:RetryPeriod", "00:00:01",
        // Orleans notices a dead silo after three missed one-second probes; generous enough for a busy 2-core machine.
        "--Orleans:Membership:ProbeTimeout", "00:00:01", "--Orleans:Membership:NumMissedProbesLimit", "3",
    ];

    /// <summary>Extra silo arguments; <see cref="FastSiloArguments"/> unless given.</summary>
    public IReadOnlyList<string> SiloArguments { get; private init; } = FastSiloArguments;

    public static async Task<KubernetesPlatform> StartAsync(int silos, int hosts, IReadOnlyList<string>? siloArguments = null, CancellationToken cancellationToken = default)
    {
        var platform = new KubernetesPlatform { SiloArguments = siloArguments ?? FastSiloArguments };
        try
        {
            platform.Server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(500));
            platform.Server.InstallWasmcloudCrds();
            platform.Server.WriteKubeconfig(platform._kubeconfig);
            platform._client = platform.Server.CreateClient();
            await platform.Nats.InitializeAsync();
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => platform.StartSiloAsync(cancellationToken)));
            await Task.WhenAll(Enumerable.Range(0, hosts).Select(_ => platform.AddHostAsync(cancellationToken)));
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo (pod <c>silo-N</c>) and returns once it answers <c>/readyz</c>.</summary>
    public async Task<KubernetesSilo> StartSiloAsync(CancellationToken cancellationToken = default)
    {
        KubernetesSilo silo;
        lock (_silos)
        {
            var podName = $"silo-{_silos.Count}";
            var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            string[] arguments =
            [
                "--kubeconfig", _kubeconfig, "--Operator:Namespace", OperatorNamespace, "--watch-namespaces", AppsNamespace,
                "--urls", url.GetLeftPart(UriPartial.Authority),
                "--Nats:Url", Nats.ClientUrl,
                "--Orleans:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                "--Orleans:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                .. PlatformOptions.Fast.OperatorArguments(),
                .. SiloArguments,
            ];
            var environment = new Dictionary<string, string>
            {
                ["POD_NAME"] = podName,
                [KubernetesClusteringOptions.ServiceIdVariable] = ServiceId,
                [KubernetesClusteringOptions.ClusterIdVariable] = ClusterId,
            };
            var folder = Directory.CreateDirectory(Path.Combine(Root, podName)).FullName;
            silo = new KubernetesSilo(podName, url, PlatformProcess.Start(podName, PlatformBinaries.SiloDll, arguments, folder, environment));
            _silos.Add(silo);
        }

        await Until(
            async () =>
            {
                if (silo.Process.HasExited)
                {
                    throw new InvalidOperationException($"{silo} exited:\n{silo.Process.Tail(60)}");
                }

                try
                {
                    using var response = await _http.GetAsync(new Uri(silo.Url, "readyz"), cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            },
            $"{silo} to answer /readyz",
            s_startTimeout);
        return silo;
    }

    /// <summary>Starts one more host and returns once its Host object is Ready.</summary>
    public async Task<PlatformHost> AddHostAsync(CancellationToken cancellationToken = default)
    {
        PlatformHost host;
        lock (_hosts)
        {
            host = PlatformHost.Start(_hosts.Count, Root, Nats.ClientUrl, PlatformOptions.Fast.HeartbeatArguments());
            _hosts.Add(host);
        }

        await host.WaitForIdentityAsync(s_startTimeout, cancellationToken);
        await Until(() => Task.FromResult(Objects("hosts", OperatorNamespace).Any(h => Name(h) == host.FriendlyName && IsReady(h))), $"{host} to be a Ready Host object", s_startTimeout);
        return host;
    }

    /// <summary>Creates the objects of a YAML manifest in <see cref="AppsNamespace"/>, as <c>kubectl create -f</c>.</summary>
    public async Task ApplyAsync(string yaml, CancellationToken cancellationToken = default)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var document in stream.Documents)
        {
            var obj = YamlJsonConverter.ToJson(document.RootNode)!.AsObject();
            obj["metadata"]!["namespace"] = AppsNamespace;
            var (group, version) = obj["apiVersion"]!.GetValue<string>().Split('/') is [var g, var v] ? (g, v) : ("", obj["apiVersion"]!.GetValue<string>());
            var plural = obj["kind"]!.GetValue<string>().ToLowerInvariant() + "s";
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, group, version, AppsNamespace, plural, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The stored objects of one wasmCloud kind in a namespace, as the API server holds them now.</summary>
    public IReadOnlyList<JsonObject> Objects(string plural, string @namespace) =>
        Server.Store.List(Server.Store.Resource("runtime.wasmcloud.dev", "v1alpha1", plural, namespaced: true), @namespace, FakeApiServerSelector.Parse(null, null)).Items;

    /// <summary>The Workloads whose names start with <paramref name="deployment"/>.</summary>
    public IReadOnlyList<JsonObject> WorkloadsOf(string deployment) =>
        [.. Objects("workloads", AppsNamespace).Where(w => Name(w).StartsWith(deployment + "-", StringComparison.Ordinal))];

    /// <summary>The pod name of the silo holding the leader Lease, if any.</summary>
    public string? Leader()
    {
        var leases = Server.Store.Resource("coordination.k8s.io", "v1", "leases", namespaced: true);
        var lease = Server.Store.TryGet(leases, OperatorNamespace, "d34db3ef.wasmcloud.dev");
        return lease?["spec"]?["holderIdentity"]?.GetValue<string>();
    }

    /// <summary>(silo name, status) of every row of the cluster's MembershipTable.</summary>
    public IReadOnlyList<(string SiloName, string Status)> Members()
    {
        var tables = Server.Store.Resource(KubernetesMembershipTable.Group, KubernetesMembershipTable.ApiVersion, KubernetesMembershipTable.Plural, namespaced: true);
        var table = Server.Store.TryGet(tables, OperatorNamespace, MembershipTableName.For(ServiceId, ClusterId));
        return [.. (table?["spec"]?["members"]?.AsArray() ?? []).Select(m => (m!["siloName"]?.GetValue<string>() ?? "", m["status"]!.GetValue<string>()))];
    }

    /// <summary>How many times any host logged starting the Workload <paramref name="name"/>.</summary>
    public int StartsOf(string name) =>
        Hosts.Sum(h => h.Process.Lines().Count(line => line.Contains("Starting workload", StringComparison.Ordinal) && line.Contains($"({AppsNamespace}/{name})", StringComparison.Ordinal)));

    /// <summary>(silo name, address) of every Active row of the MembershipTable: the silos on Orleans' ring.</summary>
    public IReadOnlyList<(string SiloName, SiloAddress Address)> ActiveSilos()
    {
        var tables = Server.Store.Resource(KubernetesMembershipTable.Group, KubernetesMembershipTable.ApiVersion, KubernetesMembershipTable.Plural, namespaced: true);
        var table = Server.Store.TryGet(tables, OperatorNamespace, MembershipTableName.For(ServiceId, ClusterId));
        return
        [
            .. (table?["spec"]?["members"]?.AsArray() ?? [])
                .Where(m => m!["status"]?.GetValue<string>() == "Active")
                .Select(m => (m!["siloName"]?.GetValue<string>() ?? "", SiloAddress.FromParsableString(m["siloAddress"]!.GetValue<string>()))),
        ];
    }

    /// <summary>
    /// The cluster's rows in the JetStream reminder table (bucket <see cref="JetStreamReminderTableOptions.DefaultBucket"/>
    /// on the platform's nats-server), read as any NATS client sees them; empty while the bucket does not exist.
    /// </summary>
    public async Task<IReadOnlyList<ReminderRow>> ReminderRowsAsync(CancellationToken cancellationToken = default)
    {
        var keyValue = new NatsKVContext(new NatsJSContext(NatsClient));
        INatsKVStore store;
        try
        {
            store = await keyValue.GetStoreAsync(JetStreamReminderTableOptions.DefaultBucket, cancellationToken);
        }
        catch (NatsKVException)
        {
            return [];
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return [];
        }

        var rows = new List<ReminderRow>();
        var scan = new NatsKVWatchOpts { IgnoreDeletes = true, OnNoData = static _ => ValueTask.FromResult(true) };
        await foreach (var entry in store.WatchAsync<byte[]>($"{ServiceId}.>", opts: scan, cancellationToken: cancellationToken))
        {
            if (entry.Operation == NatsKVOperation.Put && entry.Key.Split('.') is [_, _, var hash, _, _] && entry.Value is { Length: > 0 } value)
            {
                var stored = JsonNode.Parse(value)!;
                rows.Add(new ReminderRow(
                    entry.Key,
                    uint.Parse(hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    stored["grain"]!.GetValue<string>(),
                    stored["name"]!.GetValue<string>(),
                    TimeSpan.FromTicks(stored["periodTicks"]!.GetValue<long>())));
            }

            if (entry.Delta == 0)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>
    /// Sends <c>workload.stop</c> straight to a host over NATS, behind the operator's back (as a crashed component or an
    /// operator of the host would); returns the state the host answers with.
    /// </summary>
    public async Task<WorkloadState> StopOnHostAsync(string hostId, string workloadId, CancellationToken cancellationToken = default)
    {
        var reply = await NatsClient.RequestAsync<byte[], byte[]>(
            Subjects.HostCommand(hostId, Commands.WorkloadStop),
            ProtocolJson.Encode(new WorkloadStopRequest { WorkloadId = workloadId }),
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken: cancellationToken);
        return ProtocolJson.Decode<WorkloadStopResponse>(reply.Data ?? []).WorkloadStatus.WorkloadState;
    }

    /// <summary>The reasons of the Events recorded about the object <paramref name="name"/> in <see cref="AppsNamespace"/>.</summary>
    public IReadOnlyList<string> EventReasonsOf(string name) =>
    [
        .. Server.Store.List(Server.Store.Resource("", "v1", "events", namespaced: true), AppsNamespace, FakeApiServerSelector.Parse(null, null)).Items
            .Where(e => e["involvedObject"]?["name"]?.GetValue<string>() == name)
            .Select(e => e["reason"]?.GetValue<string>() ?? ""),
    ];

    public static string? WorkloadIdOf(JsonObject workload) => workload["status"]?["workloadId"]?.GetValue<string>();

    /// <summary>The test's own NATS client; it connects on first use.</summary>
    private NatsConnection NatsClient => _natsClient ??= new NatsConnection(NatsOpts.Default with { Url = Nats.ClientUrl, Name = "kubernetes-platform-test" });

    public static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    public static string? HostIdOf(JsonObject workload) => workload["status"]?["hostId"]?.GetValue<string>();

    public static bool IsReady(JsonObject obj) =>
        obj["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;

    /// <summary>Polls until <paramref name="condition"/> holds; on timeout the message carries the objects and every process's log tail.</summary>
    public async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.Until(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n\n{Describe()}", e);
        }
    }

    public Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) => Until(() => Task.FromResult(condition()), what, timeout);

    public string Describe(int linesPerProcess = 40)
    {
        var text = new StringBuilder();
        text.Append("--- membership ---\n");
        foreach (var (silo, status) in Members())
        {
            text.Append(silo).Append(' ').Append(status).Append('\n');
        }

        text.Append("--- leader: ").Append(Leader()).Append(" ---\n--- workloads ---\n");
        foreach (var workload in Objects("workloads", AppsNamespace))
        {
            text.Append(Name(workload)).Append(" host=").Append(HostIdOf(workload)).Append(" ready=").Append(IsReady(workload)).Append('\n');
        }

        foreach (var process in Silos.Select(s => s.Process).Concat(Hosts.Select(h => h.Process)))
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

        foreach (var silo in Silos)
        {
            await silo.Process.DisposeAsync();
        }

        if (_natsClient is not null)
        {
            await _natsClient.DisposeAsync();
        }

        await Nats.DisposeAsync();
        _client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

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
}
