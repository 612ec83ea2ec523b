using System.Collections.Concurrent;
using NATS.Client.Core;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.TestInfrastructure.Nats;

/// <summary>
/// Listens beside the hosts on <c>runtime.host.*.workload.*</c> and records every start, status and stop command sent
/// to any host, with the workload ID it names: what a test counts to prove a workload was started exactly once.
/// </summary>
public sealed class HostCommandRecorder : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _reading;
    private readonly ConcurrentQueue<HostCommand> _commands = new();

    private HostCommandRecorder(NatsConnection connection, INatsSub<byte[]> subscription)
    {
        _connection = connection;
        _subscription = subscription;
        _reading = Task.Run(ReadAsync);
    }

    public IReadOnlyList<HostCommand> Commands => [.. _commands];

    /// <summary>Returns once the subscription is registered with the server, so no later command is missed.</summary>
    public static async Task<HostCommandRecorder> StartAsync(string natsUrl, CancellationToken cancellationToken = default)
    {
        var connection = new NatsConnection(NatsOpts.Default with { Url = natsUrl, Name = "host-command-recorder" });
        await connection.ConnectAsync();
        var subscription = await connection.SubscribeCoreAsync<byte[]>($"{Subjects.HostPrefix}.*.workload.*", cancellationToken: cancellationToken);
        await connection.PingAsync(cancellationToken);
        return new HostCommandRecorder(connection, subscription);
    }

    /// <summary>How many times each workload ID was sent <paramref name="command"/> (e.g. <see cref="Commands.WorkloadStart"/>).</summary>
    public IReadOnlyDictionary<string, int> CountsOf(string command) =>
        Commands.Where(c => c.Command == command).GroupBy(c => c.WorkloadId).ToDictionary(g => g.Key, g => g.Count());

    private async Task ReadAsync()
    {
        await foreach (var message in _subscription.Msgs.ReadAllAsync())
        {
            var command = Subjects.CommandOf(message.Subject);
            var hostId = message.Subject.Split('.')[2];
            var workloadId = command switch
            {
                Wasmcloud.Protocol.Commands.WorkloadStart => ProtocolJson.Decode<WorkloadStartRequest>(message.Data).WorkloadId,
                Wasmcloud.Protocol.Commands.WorkloadStatus => ProtocolJson.Decode<WorkloadStatusRequest>(message.Data).WorkloadId,
                Wasmcloud.Protocol.Commands.WorkloadStop => ProtocolJson.Decode<WorkloadStopRequest>(message.Data).WorkloadId,
                _ => null,
            };
            if (command is not null && workloadId is not null)
            {
                _commands.Enqueue(new HostCommand(DateTimeOffset.UtcNow, hostId, command, workloadId));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.UnsubscribeAsync();
        await _reading;
        await _subscription.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
