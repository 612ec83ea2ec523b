namespace Wasmcloud.HostRuntime.Workloads;

public sealed partial class WorkloadManager
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Starting workload {WorkloadId} ({Namespace}/{Name})")]
    private partial void LogStarting(string workloadId, string? @namespace, string? name);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Workload {WorkloadId} is running")]
    private partial void LogStarted(string workloadId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Workload {WorkloadId} failed to start: {Reason}")]
    private partial void LogStartFailed(string workloadId, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Workload ID {WorkloadId} already exists; start ignored")]
    private partial void LogAlreadyExists(string workloadId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Workload {WorkloadId} stopped")]
    private partial void LogStopped(string workloadId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Workload {WorkloadId} did not stop cleanly: {Reason}")]
    private partial void LogStopFailed(string workloadId, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "Workload {WorkloadId} failed while running: {Reason}")]
    private partial void LogFailedWhileRunning(string workloadId, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Stopping {Count} workloads before exit")]
    private partial void LogStoppingAll(int count);
}
