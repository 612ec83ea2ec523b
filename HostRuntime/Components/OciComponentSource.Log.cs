namespace Wasmcloud.HostRuntime.Components;

public sealed partial class OciComponentSource
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Image {Image} found in the cache as {Digest}")]
    private partial void LogCacheHit(string image, string digest);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Pulling image {Image} from {Registry}")]
    private partial void LogPulling(string image, string registry);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Pulled image {Image}: {Digest}, {Bytes} bytes in {Elapsed}")]
    private partial void LogDownloaded(string image, string digest, long bytes, TimeSpan elapsed);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Image {Image} resolved to {Digest}, which is cached already")]
    private partial void LogBlobReused(string image, string digest);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Image {Image} is cached from a pull with other credentials; asking the registry")]
    private partial void LogCacheNeedsCredentials(string image);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Pull of {Image} failed: {Reason}")]
    private partial void LogPullFailed(string image, string reason);
}
