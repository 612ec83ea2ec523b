using System.Collections.Concurrent;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.TestInfrastructure.Simulation;

/// <summary>A host that exists only in memory: it answers start/status/stop like a wasmCloud host (reference §4.4).</summary>
public sealed class SimulatedHost
{
    public required string Id { get; init; }
    public required string FriendlyName { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Environment { get; init; }
    public string Hostname { get; init; } = "10.0.0.1";
    public uint HttpPort { get; init; } = 9191;
    public ulong MemoryTotal { get; init; } = 8UL << 30;
    public ulong MemoryFree { get; set; } = 6UL << 30;

    /// <summary>Memory each running workload takes from <see cref="MemoryFree"/> in heartbeats; 0 keeps free memory fixed.</summary>
    public ulong MemoryPerWorkload { get; init; }

    /// <summary>False once "killed": it stops beating and answers nothing.</summary>
    public bool Alive { get; set; } = true;

    /// <summary>When set, starts wait for it (an image pull that takes its time).</summary>
    public TaskCompletionSource? HoldStarts { get; set; }

    /// <summary>The state a started workload is in, and stays in; anything but Running models a workload that never comes up.</summary>
    public WorkloadState StartedState { get; set; } = WorkloadState.Running;

    /// <summary>When set, every start is refused with this message.</summary>
    public string? RefuseStartsWith { get; set; }

    public ConcurrentDictionary<string, WorkloadState> Workloads { get; } = new();

    public ConcurrentQueue<string> StartsReceived { get; } = new();

    public ConcurrentQueue<string> StopsReceived { get; } = new();

    public HostHeartbeat Heartbeat() => new()
    {
        Id = Id,
        FriendlyName = FriendlyName,
        Hostname = Hostname,
        HttpPort = HttpPort,
        Labels = Labels,
        Environment = Environment,
        Version = "simulated",
        OsName = "linux",
        OsArch = "x86_64",
        OsKernel = "unix",
        SystemMemoryTotal = MemoryTotal,
        SystemMemoryFree = MemoryFree - Math.Min(MemoryFree, (ulong)Workloads.Count * MemoryPerWorkload),
        WorkloadCount = (ulong)Workloads.Count,
        ComponentCount = (ulong)Workloads.Count,
    };
}
