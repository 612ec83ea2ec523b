using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using Wasmcloud.HostRuntime.Tests.Fakes;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Nats;

namespace Wasmcloud.HostRuntime.Tests;

/// <summary>One nats-server, one in-process host with a scripted executor, and a client acting as the operator.</summary>
public sealed class HostRuntimeFixture : IAsyncLifetime
{
    public const int MaxRequestBytes = 4096;
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(200);

    public NatsServerFixture Nats { get; } = new();

    public ScriptedWorkloadExecutor Executor { get; } = new();

    public InProcessHostRuntime Host { get; private set; } = null!;

    public NatsConnection Client { get; private set; } = null!;

    public string HostId => Host.HostId;

    public async ValueTask InitializeAsync()
    {
        await Nats.InitializeAsync();
        Host = await InProcessHostRuntime.StartAsync(
            Nats.ClientUrl,
            o => o with { MaxRequestBytes = MaxRequestBytes, HeartbeatInterval = HeartbeatInterval, HostGroup = "edge", Environment = "tenant-a" },
            services => services.AddSingleton<IWorkloadExecutor>(Executor));
        Client = new NatsConnection(NatsOpts.Default with { Url = Nats.ClientUrl, Name = "test-operator" });
        await Client.ConnectAsync();
    }

    /// <summary>Sends a command the way the operator does and returns the raw reply text.</summary>
    public Task<string> RequestAsync(string command, IMessage request, TimeSpan? timeout = null) =>
        RequestRawAsync(command, ProtocolJson.Encode(request), timeout);

    public async Task<string> RequestRawAsync(string command, byte[] payload, TimeSpan? timeout = null)
    {
        var reply = await Client.RequestAsync<byte[], string>(
            Subjects.HostCommand(HostId, command),
            payload,
            replyOpts: new NatsSubOpts { Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            cancellationToken: TestContext.Current.CancellationToken);
        return reply.Data ?? "";
    }

    public async Task<TReply> RequestAsync<TReply>(string command, IMessage request, TimeSpan? timeout = null)
        where TReply : IMessage<TReply>, new() =>
        ProtocolJson.Parse<TReply>(await RequestAsync(command, request, timeout));

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Nats.DisposeAsync();
    }
}
