using System.Globalization;
using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// The built silo started as an operator pod would run it, in Kubernetes mode (no <c>--standalone</c>), against a
/// <see cref="FakeApiServer"/> named by a kubeconfig, with its own Lease identity and a short Lease, so tests can kill
/// a leader and watch another silo take over. <c>/readyz</c> answers 200 only on the leader once its feeder has listed.
/// </summary>
public sealed class KubernetesSiloProcess : IAsyncDisposable
{
    /// <summary>Long enough that a loaded 2-core machine renews in time, short enough that a takeover takes seconds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);

    private readonly string _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private KubernetesSiloProcess(string identity, Uri url, string folder, PlatformProcess process)
    {
        Identity = identity;
        Url = url;
        _folder = folder;
        Process = process;
    }

    /// <summary>The silo's name in the Lease (<c>LeaderElection:Identity</c>).</summary>
    public string Identity { get; }

    public Uri Url { get; }

    public PlatformProcess Process { get; }

    /// <summary>
    /// Starts the silo; <paramref name="extraArguments"/> are appended (e.g. <c>--Operator:HeartbeatInterval</c>) and
    /// <paramref name="environment"/> added to ours (a pod's <c>POD_NAMESPACE</c>, <c>ORLEANS_CLUSTER_ID</c>).
    /// </summary>
    public static KubernetesSiloProcess Start(
        FakeApiServer server,
        string natsUrl,
        string operatorNamespace,
        string identity,
        IEnumerable<string>? extraArguments = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Directory.CreateTempSubdirectory($"wasmcloud-silo-{identity}-").FullName;
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var invariant = CultureInfo.InvariantCulture;
        string[] arguments =
        [
            "--kubeconfig", kubeconfig,
            "--Operator:Namespace", operatorNamespace,
            "--urls", url.GetLeftPart(UriPartial.Authority),
            "--Nats:Url", natsUrl,
            "--Orleans:SiloPort", FreePort.Next().ToString(invariant),
            "--Orleans:GatewayPort", FreePort.Next().ToString(invariant),
            "--LeaderElection:Identity", identity,
            "--LeaderElection:LeaseDuration", LeaseDuration.ToString("c", invariant),
            "--LeaderElection:RenewDeadline", (LeaseDuration * 0.75).ToString("c", invariant),
            "--LeaderElection:RetryPeriod", TimeSpan.FromMilliseconds(250).ToString("c", invariant),
            .. extraArguments ?? [],
        ];
        var process = PlatformProcess.Start(identity, PlatformBinaries.SiloDll, arguments, folder, environment);
        return new KubernetesSiloProcess(identity, url, folder, process);
    }

    /// <summary>GET on the silo; never throws for network errors (a killed or starting silo answers nothing).</summary>
    public Task<HttpAnswer> GetAsync(string path, CancellationToken cancellationToken = default) => GetAsync(path, bearerToken: null, cancellationToken);

    /// <summary>GET on the silo with <c>Authorization: Bearer <paramref name="bearerToken"/></c> (the dashboard's and /metrics' access review).</summary>
    public async Task<HttpAnswer> GetAsync(string path, string? bearerToken, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, path));
            if (bearerToken is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
            }

            using var response = await _http.SendAsync(request, cancellationToken);
            return new HttpAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HttpAnswer(0, e.Message);
        }
    }

    /// <summary>True when this silo leads and its feeder has listed every kind.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) =>
        (await GetAsync("readyz", cancellationToken)).IsOk;

    /// <summary>Waits for <see cref="IsReadyAsync"/>; a timeout carries the log tail.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await Eventually.Until(() => IsReadyAsync(cancellationToken), $"{Identity} to answer /readyz", timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- {Process} log ---\n{Process.Tail(60)}", e);
        }
    }

    public override string ToString() => Process.ToString();

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run over.
        }
    }
}
