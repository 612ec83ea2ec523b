using System.Collections.Concurrent;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.TestInfrastructure.Simulation;

/// <summary>
/// Simulated hosts behind <see cref="IHostClient"/>, for grain tests and the placement benchmark. Semantics follow
/// the wasmCloud host: a repeated start is "already exists", an unknown status is NOT_FOUND, a dead host is silent.
/// </summary>
public sealed class SimulatedHostFleet : IHostClient
{
    private readonly ConcurrentDictionary<string, SimulatedHost> _hosts = new();
    private int _counter;

    public DateTimeOffset? ConnectedSince { get; set; } = DateTimeOffset.MinValue;

    public IReadOnlyCollection<SimulatedHost> Hosts => [.. _hosts.Values];

    public SimulatedHost this[string hostId] => _hosts[hostId];

    public SimulatedHost Add(
        IReadOnlyDictionary<string, string> labels, string? environment = null, ulong memoryFree = 6UL << 30, ulong? memoryTotal = null, ulong memoryPerWorkload = 0)
    {
        var n = Interlocked.Increment(ref _counter);
        var host = new SimulatedHost
        {
            Id = Guid.NewGuid().ToString(),
            FriendlyName = $"simulated-host-{n}",
            Labels = labels,
            Environment = environment,
            Hostname = $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}",
            MemoryFree = memoryFree,
            MemoryTotal = memoryTotal ?? Math.Max(8UL << 30, memoryFree),
            MemoryPerWorkload = memoryPerWorkload,
        };
        _hosts[host.Id] = host;
        return host;
    }

    /// <summary>Delivers one heartbeat from each live host (what the NATS heartbeat subscriber does in production).</summary>
    public async Task BeatAsync(IGrainFactory grains, IEnumerable<SimulatedHost>? only = null)
    {
        foreach (var host in only ?? _hosts.Values)
        {
            if (host.Alive)
            {
                await grains.GetGrain<IHostGrain>(host.Id).Heartbeat(host.Heartbeat());
            }
        }
    }

    public async Task<HostWorkloadResult> StartWorkloadAsync(string hostId, WorkloadStartCommand command, CancellationToken cancellationToken = default)
    {
        var host = Reachable(hostId);
        host.StartsReceived.Enqueue(command.WorkloadId);
        if (host.HoldStarts is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
            Reachable(hostId);
        }

        return Start(host, command);
    }

    private static HostWorkloadResult Start(SimulatedHost host, WorkloadStartCommand command)
    {
        var refusal = host.RefuseStartsWith;

        // Like the real host, a failed start stays in the table in ERROR until stopped, so a second start of the same
        // ID is "already exists" whatever became of the first.
        if (!host.Workloads.TryAdd(command.WorkloadId, refusal is null ? host.StartedState : WorkloadState.Error))
        {
            return new HostWorkloadResult(WorkloadState.Error, $"Workload ID [{command.WorkloadId}] already exists");
        }

        return refusal is null
            ? new HostWorkloadResult(host.StartedState, "Workload started successfully")
            : new HostWorkloadResult(WorkloadState.Error, refusal);
    }

    public Task<HostWorkloadResult> GetWorkloadStatusAsync(string hostId, string workloadId, CancellationToken cancellationToken = default)
    {
        var host = Reachable(hostId);
        return Task.FromResult(host.Workloads.TryGetValue(workloadId, out var state)
            ? new HostWorkloadResult(state, null)
            : new HostWorkloadResult(WorkloadState.NotFound, $"Workload not found: {workloadId}"));
    }

    public Task<HostWorkloadResult> StopWorkloadAsync(string hostId, string workloadId, CancellationToken cancellationToken = default)
    {
        var host = Reachable(hostId);
        var removed = host.Workloads.TryRemove(workloadId, out _);
        host.StopsReceived.Enqueue(workloadId);
        return Task.FromResult(removed
            ? new HostWorkloadResult(WorkloadState.Stopping, "Workload stopped successfully")
            : new HostWorkloadResult(WorkloadState.NotFound, $"Workload not found: {workloadId}"));
    }

    public Task<HostHeartbeat?> ProbeAsync(string hostId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_hosts.TryGetValue(hostId, out var host) && host.Alive ? host.Heartbeat() : null);

    private SimulatedHost Reachable(string hostId) =>
        _hosts.TryGetValue(hostId, out var host) && host.Alive
            ? host
            : throw new HostUnreachableException($"no responders for host {hostId}");
}
