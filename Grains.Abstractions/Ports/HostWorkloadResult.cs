namespace Wasmcloud.Grains.Abstractions.Ports;

[GenerateSerializer]
[Alias("wasmcloud.HostWorkloadResult")]
public sealed record HostWorkloadResult(
    [property: Id(0)] WorkloadState State,
    [property: Id(1)] string? Message)
{
    public bool IsOperational => State is WorkloadState.Running or WorkloadState.Completed;
}
