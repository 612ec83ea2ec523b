namespace Wasmcloud.Silo.Nats;

public sealed partial class NatsHostClient
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Host {HostId} sent an invalid {Command} reply: {Reason}")]
    private partial void LogInvalidReply(string hostId, string command, string? reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Probe of host {HostId} unanswered: {Reason}")]
    private partial void LogProbeUnanswered(string hostId, string reason);
}
