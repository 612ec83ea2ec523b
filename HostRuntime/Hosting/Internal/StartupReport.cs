using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Hosting.Internal;

/// <summary>The one log line an operator looks for when a host pod starts.</summary>
internal sealed partial class StartupReport(HostIdentity identity, ILogger<StartupReport> logger)
{
    public void Report(HostRuntimeOptions options)
    {
        LogIdentity(identity.HostId, identity.FriendlyName, identity.Hostname, options.HostGroup, identity.Environment, options.SchedulerNatsUrl);
        if (options.IgnoredFlags.Count > 0)
        {
            LogIgnoredFlags(string.Join(", ", options.IgnoredFlags));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host {HostId} ({FriendlyName}) on {Hostname}, group {HostGroup}, environment '{Environment}', scheduler NATS {NatsUrl}")]
    private partial void LogIdentity(string hostId, string friendlyName, string hostname, string hostGroup, string environment, string natsUrl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Accepted but not implemented yet: {Flags}")]
    private partial void LogIgnoredFlags(string flags);
}
