using Google.Protobuf;
using NATS.Client.Core;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Control;

public sealed partial class ControlServer
{
    private async Task HandleAsync(NatsMsg<byte[]> message, CancellationToken stoppingToken)
    {
        var command = Subjects.CommandOf(message.Subject) ?? "";
        try
        {
            var payload = message.Data ?? [];
            if (payload.Length > _options.MaxRequestBytes)
            {
                await RejectAsync(message, command, "", $"request of {payload.Length} bytes exceeds the host's limit of {_options.MaxRequestBytes} bytes");
                return;
            }

            switch (command)
            {
                case Commands.Heartbeat:
                    // The body is an Empty; whatever it holds, answer with a fresh heartbeat.
                    await ReplyAsync(message, command, _heartbeats.Create());
                    break;
                case Commands.WorkloadStart:
                    await StartAsync(message, ProtocolJson.Decode<WorkloadStartRequest>(payload), stoppingToken);
                    break;
                case Commands.WorkloadStatus:
                    var statusRequest = ProtocolJson.Decode<WorkloadStatusRequest>(payload);
                    if (await RequireWorkloadIdAsync(message, command, statusRequest.WorkloadId))
                    {
                        await ReplyAsync(message, command, new WorkloadStatusResponse { WorkloadStatus = _workloads.GetStatus(statusRequest.WorkloadId) });
                    }

                    break;
                case Commands.WorkloadStop:
                    var stopRequest = ProtocolJson.Decode<WorkloadStopRequest>(payload);
                    if (await RequireWorkloadIdAsync(message, command, stopRequest.WorkloadId))
                    {
                        var stopped = await _workloads.StopAsync(stopRequest.WorkloadId, stoppingToken);
                        await ReplyAsync(message, command, new WorkloadStopResponse { WorkloadStatus = stopped });
                    }

                    break;
                default:
                    await RejectAsync(message, command, "", $"unknown command '{command}'; this host answers {Commands.Heartbeat}, {Commands.WorkloadStart}, {Commands.WorkloadStatus} and {Commands.WorkloadStop}");
                    break;
            }
        }
        catch (ProtocolJsonException e)
        {
            await RejectAsync(message, command, "", $"malformed {command} request: {e.Message}");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await RejectAsync(message, command, "", "the host is shutting down");
        }
        catch (Exception e)
        {
            LogCommandFailed(e, command);
            await RejectAsync(message, command, "", $"internal error handling {command}: {WorkloadManager.Describe(e)}");
        }
    }

    private async Task StartAsync(NatsMsg<byte[]> message, WorkloadStartRequest request, CancellationToken stoppingToken)
    {
        if (!await RequireWorkloadIdAsync(message, Commands.WorkloadStart, request.WorkloadId))
        {
            return;
        }

        if (request.Workload is null)
        {
            await RejectAsync(message, Commands.WorkloadStart, request.WorkloadId, $"start request for workload {request.WorkloadId} has no workload");
            return;
        }

        var status = await _workloads.StartAsync(request, stoppingToken);
        await ReplyAsync(message, Commands.WorkloadStart, new WorkloadStartResponse { WorkloadStatus = status });
    }

    private async Task<bool> RequireWorkloadIdAsync(NatsMsg<byte[]> message, string command, string workloadId)
    {
        if (!string.IsNullOrEmpty(workloadId))
        {
            return true;
        }

        await RejectAsync(message, command, "", $"{command} request has no workloadId");
        return false;
    }

    /// <summary>
    /// Logs a refused request and, where the sender waits for a reply, answers with an ERROR status in the shape of a
    /// workload response (<c>{"workloadStatus": …}</c>), which every workload reply decoder understands.
    /// </summary>
    private async Task RejectAsync(NatsMsg<byte[]> message, string command, string workloadId, string reason)
    {
        LogRejected(command, message.ReplyTo is not null, reason);
        var status = new WorkloadStatus { WorkloadId = workloadId, WorkloadState = WorkloadState.Error, Message = reason };
        await ReplyAsync(message, command, new WorkloadStatusResponse { WorkloadStatus = status });
    }

    private async Task ReplyAsync(NatsMsg<byte[]> message, string command, IMessage reply)
    {
        if (message.ReplyTo is not { Length: > 0 } replyTo)
        {
            return;
        }

        try
        {
            // Not tied to the stopping token: an answer owed to the operator still goes out during shutdown.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _connection.Connection.PublishAsync(replyTo, ProtocolJson.Encode(reply), cancellationToken: timeout.Token);
        }
        catch (Exception e)
        {
            LogReplyFailed(e, command);
        }
    }
}
