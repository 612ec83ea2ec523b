using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Protocol;
using Wasmcloud.Silo.Nats.Internal;
using V2 = Wasmcloud.Protocol.V2;

namespace Wasmcloud.Silo.Nats;

/// <summary>
/// <see cref="IHostClient"/> over NATS request/reply in the reference's proto3 JSON. A host that does not answer
/// (no responders, timeout, our connection down) raises <see cref="HostUnreachableException"/>; a host that answers
/// with nonsense gets an ERROR result saying so.
/// </summary>
public sealed partial class NatsHostClient : IHostClient
{
    private readonly ControlPlaneConnection _connection;
    private readonly NatsConnectivityOptions _options;
    private readonly ILogger<NatsHostClient> _logger;
    private readonly NatsRoundTripMetrics? _metrics;

    public NatsHostClient(
        ControlPlaneConnection connection, IOptions<NatsConnectivityOptions> options, ILogger<NatsHostClient> logger, NatsRoundTripMetrics? metrics = null)
    {
        _connection = connection;
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
    }

    public DateTimeOffset? ConnectedSince => _connection.ConnectedSince;

    public async Task<HostWorkloadResult> StartWorkloadAsync(string hostId, WorkloadStartCommand command, CancellationToken cancellationToken = default)
    {
        var request = StartRequestMapper.ToRequest(command);
        var reply = await RequestAsync<V2.WorkloadStartResponse>(hostId, Commands.WorkloadStart, request, _options.StartTimeout, cancellationToken);
        return ToResult(hostId, Commands.WorkloadStart, reply, r => r.WorkloadStatus);
    }

    public async Task<HostWorkloadResult> GetWorkloadStatusAsync(string hostId, string workloadId, CancellationToken cancellationToken = default)
    {
        var request = new V2.WorkloadStatusRequest { WorkloadId = workloadId };
        var reply = await RequestAsync<V2.WorkloadStatusResponse>(hostId, Commands.WorkloadStatus, request, _options.StatusTimeout, cancellationToken);
        return ToResult(hostId, Commands.WorkloadStatus, reply, r => r.WorkloadStatus);
    }

    public async Task<HostWorkloadResult> StopWorkloadAsync(string hostId, string workloadId, CancellationToken cancellationToken = default)
    {
        var request = new V2.WorkloadStopRequest { WorkloadId = workloadId };
        var reply = await RequestAsync<V2.WorkloadStopResponse>(hostId, Commands.WorkloadStop, request, _options.StopTimeout, cancellationToken);
        return ToResult(hostId, Commands.WorkloadStop, reply, r => r.WorkloadStatus);
    }

    public async Task<HostHeartbeat?> ProbeAsync(string hostId, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await RequestAsync<V2.HostHeartbeat>(hostId, Commands.Heartbeat, new Google.Protobuf.WellKnownTypes.Empty(), _options.ProbeTimeout, cancellationToken);
            if (!reply.IsValid)
            {
                LogInvalidReply(hostId, Commands.Heartbeat, reply.Error);
                return null;
            }

            var heartbeat = WireMapper.ToHeartbeat(reply.Message);
            if (heartbeat is null || heartbeat.Id != hostId)
            {
                LogInvalidReply(hostId, Commands.Heartbeat, $"the heartbeat names host '{reply.Message.Id}'");
                return null;
            }

            return heartbeat;
        }
        catch (HostUnreachableException e)
        {
            LogProbeUnanswered(hostId, e.Message);
            return null;
        }
    }

    private HostWorkloadResult ToResult<TReply>(string hostId, string command, Reply<TReply> reply, Func<TReply, V2.WorkloadStatus?> status)
        where TReply : IMessage<TReply>, new()
    {
        if (!reply.IsValid)
        {
            LogInvalidReply(hostId, command, reply.Error);
            return new HostWorkloadResult(WorkloadState.Error, $"host {hostId} sent an invalid {command} reply: {reply.Error}");
        }

        return WireMapper.ToResult(hostId, status(reply.Message));
    }

    private async Task<Reply<TReply>> RequestAsync<TReply>(string hostId, string command, IMessage request, TimeSpan timeout, CancellationToken cancellationToken)
        where TReply : IMessage<TReply>, new()
    {
        var subject = Subjects.HostCommand(hostId, command);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        NatsMsg<byte[]> reply;
        var started = Stopwatch.GetTimestamp();
        var outcome = NatsRoundTripMetrics.Failed;
        try
        {
            reply = await _connection.Connection.RequestAsync<byte[], byte[]>(
                subject,
                ProtocolJson.Encode(request),
                replyOpts: new NatsSubOpts { Timeout = timeout },
                cancellationToken: deadline.Token);
            outcome = NatsRoundTripMetrics.Answered;
        }
        catch (NatsNoRespondersException e)
        {
            outcome = NatsRoundTripMetrics.NoResponders;
            throw new HostUnreachableException($"host {hostId} is not listening (no responders on {subject})", e);
        }
        catch (NatsNoReplyException e)
        {
            outcome = NatsRoundTripMetrics.Timeout;
            throw new HostUnreachableException($"host {hostId} did not answer {command} within {timeout.TotalSeconds:0.#}s", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own deadline: typically the connection is down and the request never left.
            outcome = NatsRoundTripMetrics.Timeout;
            throw new HostUnreachableException($"host {hostId} did not answer {command} within {timeout.TotalSeconds:0.#}s", e);
        }
        catch (NatsException e)
        {
            throw new HostUnreachableException($"could not send {command} to host {hostId}: {e.Message}", e);
        }
        finally
        {
            if (outcome != NatsRoundTripMetrics.Answered)
            {
                _metrics?.Record(command, outcome, Stopwatch.GetElapsedTime(started));
            }
        }

        try
        {
            var decoded = new Reply<TReply>(ProtocolJson.Decode<TReply>(reply.Data ?? []), null);
            _metrics?.Record(command, outcome, Stopwatch.GetElapsedTime(started));
            return decoded;
        }
        catch (ProtocolJsonException e)
        {
            _metrics?.Record(command, NatsRoundTripMetrics.Invalid, Stopwatch.GetElapsedTime(started));
            return new Reply<TReply>(new TReply(), e.Message);
        }
    }

    private readonly record struct Reply<T>(T Message, string? Error)
    {
        public bool IsValid => Error is null;
    }
}
