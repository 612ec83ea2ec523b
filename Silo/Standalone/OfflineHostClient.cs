using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Silo.Standalone;

/// <summary>
/// The host client of a silo with no host connection (standalone without NATS): every command fails as
/// unreachable and the connection is reported down, so grains never declare hosts dead for our own outage.
/// </summary>
public sealed class OfflineHostClient : IHostClient
{
    private const string Reason = "no host connection is configured in this silo";

    public DateTimeOffset? ConnectedSince => null;

    public Task<HostWorkloadResult> StartWorkloadAsync(string hostId, WorkloadStartCommand command, CancellationToken cancellationToken = default) =>
        Task.FromException<HostWorkloadResult>(Unreachable(hostId));

    public Task<HostWorkloadResult> GetWorkloadStatusAsync(string hostId, string workloadId, CancellationToken cancellationToken = default) =>
        Task.FromException<HostWorkloadResult>(Unreachable(hostId));

    public Task<HostWorkloadResult> StopWorkloadAsync(string hostId, string workloadId, CancellationToken cancellationToken = default) =>
        Task.FromException<HostWorkloadResult>(Unreachable(hostId));

    public Task<HostHeartbeat?> ProbeAsync(string hostId, CancellationToken cancellationToken = default) =>
        Task.FromResult<HostHeartbeat?>(null);

    private static HostUnreachableException Unreachable(string hostId) => new($"host {hostId}: {Reason}");
}
