using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>
/// A host whose control NATS and data NATS are two separate nats-servers (both with JetStream), so every test also
/// shows plugin traffic going to <c>--data-nats-url</c> only; plus a test client on the data server.
/// </summary>
public sealed class PluginHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "plugin-tests", Guid.NewGuid().ToString("N"));

    public NatsServerFixture ControlNats { get; } = new();

    public NatsServerFixture DataNats { get; } = new();

    public InProcessHostRuntime Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client of the data NATS, for publishing to handlers and looking into JetStream.</summary>
    public NatsConnection Data { get; private set; } = null!;

    public NatsKVContext DataKeyValue { get; private set; } = null!;

    /// <summary>A client of the control NATS, to show plugin state never lands there.</summary>
    public NatsConnection Control { get; private set; } = null!;

    public WorkloadManager Workloads => Host.GetRequiredService<WorkloadManager>();

    /// <summary>What the host logged, Debug and up.</summary>
    public CapturedLogs Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        _ = Fixtures.PathOf(Fixtures.JsKeyValueCounter);
        await Task.WhenAll(ControlNats.InitializeAsync().AsTask(), DataNats.InitializeAsync().AsTask());
        Host = await InProcessHostRuntime.StartAsync(
            ControlNats.ClientUrl,
            o => o with { DataNatsUrl = DataNats.ClientUrl, RequestTimeout = RequestTimeout, CompileCacheDir = _cacheDirectory },
            services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs)));
        var port = (int)Host.GetRequiredService<HttpEndpoint>().Port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        Data = new NatsConnection(NatsOpts.Default with { Url = DataNats.ClientUrl, Name = "test-data" });
        await Data.ConnectAsync();
        DataKeyValue = new NatsKVContext(new NatsJSContext(Data));
        Control = new NatsConnection(NatsOpts.Default with { Url = ControlNats.ClientUrl, Name = "test-control" });
        await Control.ConnectAsync();
    }

    /// <summary>Starts and insists on RUNNING, so a test fails on the start's own message.</summary>
    public async Task<string> StartRunningAsync(WorkloadStartRequest request)
    {
        var status = await Workloads.StartAsync(request, TestContext.Current.CancellationToken);
        Assert.True(status.WorkloadState == WorkloadState.Running, $"start failed: {status.WorkloadState} {status.Message}");
        return request.WorkloadId;
    }

    public Task<WorkloadStatus> StartAsync(WorkloadStartRequest request) => Workloads.StartAsync(request, TestContext.Current.CancellationToken);

    public Task<WorkloadStatus> StopAsync(string workloadId) => Workloads.StopAsync(workloadId, TestContext.Current.CancellationToken);

    /// <summary>A request to the keyvalue fixture on <paramref name="host"/>, opening <paramref name="bucket"/>.</summary>
    public async Task<(int Status, string Body)> SendAsync(string host, HttpMethod method, string path, string? bucket = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        if (bucket is not null)
        {
            request.Headers.Add("x-bucket", bucket);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Data is not null)
        {
            await Data.DisposeAsync();
        }

        if (Control is not null)
        {
            await Control.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await ControlNats.DisposeAsync();
        await DataNats.DisposeAsync();
        try
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
