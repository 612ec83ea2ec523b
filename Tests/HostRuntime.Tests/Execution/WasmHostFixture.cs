using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Wasmcloud.HostRuntime.Execution;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Ingress;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>
/// One nats-server and one in-process host with the real Wasmtime executor, file:// component source, router and
/// Kestrel; a short request deadline and a small memory ceiling keep the limit tests quick.
/// </summary>
public class WasmHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    public const int MaxComponentMemoryMb = 64;

    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "wasmexec-tests", Guid.NewGuid().ToString("N"));

    public NatsServerFixture Nats { get; } = new();

    public InProcessHostRuntime Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public NatsConnection Client { get; private set; } = null!;

    public WorkloadManager Workloads => Host.GetRequiredService<WorkloadManager>();

    public WasmEngine Engine => Host.GetRequiredService<WasmEngine>();

    public HostRouter Router => Host.GetRequiredService<HostRouter>();

    /// <summary>Everything the host has logged.</summary>
    public RecordedLogs Logs { get; } = new();

    public int Port { get; private set; }

    public string CacheDirectory => _cacheDirectory;

    /// <summary>The host's request deadline: <see cref="RequestTimeout"/> unless a derived fixture needs longer.</summary>
    protected virtual TimeSpan HostRequestTimeout => RequestTimeout;

    /// <summary>Further host settings of a derived fixture (fuel metering, say), applied after this fixture's own.</summary>
    protected virtual HostRuntimeOptions Configure(HostRuntimeOptions options) => options;

    public async ValueTask InitializeAsync()
    {
        // Build the fixtures before the host starts so a missing toolchain fails loudly and first.
        _ = Fixtures.PathOf(Fixtures.Hello);
        await Nats.InitializeAsync();
        Host = await InProcessHostRuntime.StartAsync(
            Nats.ClientUrl,
            o => Configure(o with { RequestTimeout = HostRequestTimeout, MaxComponentMemoryMb = MaxComponentMemoryMb, CompileCacheDir = _cacheDirectory }),
            services => services.AddSingleton<ILoggerProvider>(Logs));
        Port = (int)Host.GetRequiredService<HttpEndpoint>().Port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client = new NatsConnection(NatsOpts.Default with { Url = Nats.ClientUrl, Name = "test-operator" });
        await Client.ConnectAsync();
    }

    /// <summary>A request to the host's HTTP endpoint carrying <paramref name="host"/> as its Host header.</summary>
    public async Task<HttpResponseMessage> SendAsync(string host, string pathAndQuery = "/", HttpMethod? method = null, string? body = null, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, pathAndQuery);
        request.Headers.Host = host;
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "text/plain");
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<(int Status, string Body)> GetAsync(string host, string pathAndQuery = "/")
    {
        using var response = await SendAsync(host, pathAndQuery);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Starts through the workload manager, as the control server does, and returns the reply status.</summary>
    public Task<WorkloadStatus> StartAsync(WorkloadStartRequest request) => Workloads.StartAsync(request, TestContext.Current.CancellationToken);

    /// <summary>Starts and insists on RUNNING, so a test fails on the start's own message.</summary>
    public async Task<string> StartRunningAsync(WorkloadStartRequest request)
    {
        var status = await StartAsync(request);
        Assert.True(status.WorkloadState == WorkloadState.Running, $"start failed: {status.WorkloadState} {status.Message}");
        return request.WorkloadId;
    }

    /// <summary>Starts <paramref name="component"/> serving HTTP on a new host name made from <paramref name="name"/>, and returns that host name.</summary>
    public async Task<string> ServeAsync(string component, string name)
    {
        var host = StartRequests.NewHost(name);
        await StartRunningAsync(StartRequests.Http(component, host));
        return host;
    }

    public Task<WorkloadStatus> StopAsync(string workloadId) => Workloads.StopAsync(workloadId, TestContext.Current.CancellationToken);

    /// <summary>Sends a command the way the operator does.</summary>
    public async Task<TReply> RequestAsync<TReply>(string command, IMessage request)
        where TReply : IMessage<TReply>, new()
    {
        var reply = await Client.RequestAsync<byte[], string>(
            Subjects.HostCommand(Host.HostId, command),
            ProtocolJson.Encode(request),
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken: TestContext.Current.CancellationToken);
        return ProtocolJson.Parse<TReply>(reply.Data ?? "");
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Nats.DisposeAsync();
        try
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
