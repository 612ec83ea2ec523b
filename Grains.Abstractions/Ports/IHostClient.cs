namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>Commands to hosts: NATS request/reply in production, simulated hosts in tests and benchmarks.</summary>
public interface IHostClient
{
    /// <summary>Starts a workload; answers once the host reports it running, or with <see cref="WorkloadState.Error"/> and the reason.</summary>
    Task<HostWorkloadResult> StartWorkloadAsync(string hostId, WorkloadStartCommand command, CancellationToken cancellationToken = default);

    Task<HostWorkloadResult> GetWorkloadStatusAsync(string hostId, string workloadId, CancellationToken cancellationToken = default);

    Task<HostWorkloadResult> StopWorkloadAsync(string hostId, string workloadId, CancellationToken cancellationToken = default);

    /// <summary>Asks the host for a fresh heartbeat; null when it does not answer in time.</summary>
    Task<HostHeartbeat?> ProbeAsync(string hostId, CancellationToken cancellationToken = default);

    /// <summary>
    /// When our own control-plane connection last came up; null while it is down. A host is only declared dead
    /// when we have been connected long enough to have heard from it.
    /// </summary>
    DateTimeOffset? ConnectedSince { get; }
}
