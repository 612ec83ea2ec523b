namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>Mirrors <c>wasmcloud.runtime.v2.WorkloadState</c>.</summary>
public enum WorkloadState
{
    Unspecified = 0,
    Starting = 1,
    Running = 2,
    Completed = 3,
    Stopping = 4,
    Error = 5,
    NotFound = 6,
}
