namespace Wasmcloud.HostRuntime.Components.Oci;

public sealed partial class OciRegistryClient
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Answered a {Scheme} challenge from {Registry} for {Repository}")]
    private partial void LogAuthenticated(string registry, string repository, string scheme);
}
