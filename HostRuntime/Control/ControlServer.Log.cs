namespace Wasmcloud.HostRuntime.Control;

public sealed partial class ControlServer
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Listening for commands on {Subject}")]
    private partial void LogListening(string subject);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Critical, Message = "The command subscription failed; the host no longer answers the operator")]
    private partial void LogSubscriptionFailed(Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Refused {Command} request (reply sent: {Replied}): {Reason}")]
    private partial void LogRejected(string command, bool replied, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Unexpected failure handling {Command}")]
    private partial void LogCommandFailed(Exception exception, string command);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Could not send the reply to {Command}")]
    private partial void LogReplyFailed(Exception exception, string command);
}
