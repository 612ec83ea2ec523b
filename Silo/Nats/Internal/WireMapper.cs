using Wasmcloud.Grains.Abstractions.Ports;
using V2 = Wasmcloud.Protocol.V2;

namespace Wasmcloud.Silo.Nats.Internal;

/// <summary>Wire replies and heartbeats into the port types the grains see.</summary>
internal static class WireMapper
{
    public static WorkloadState ToState(V2.WorkloadState state) => state switch
    {
        V2.WorkloadState.Starting => WorkloadState.Starting,
        V2.WorkloadState.Running => WorkloadState.Running,
        V2.WorkloadState.Completed => WorkloadState.Completed,
        V2.WorkloadState.Stopping => WorkloadState.Stopping,
        V2.WorkloadState.Error => WorkloadState.Error,
        V2.WorkloadState.NotFound => WorkloadState.NotFound,
        _ => WorkloadState.Unspecified,
    };

    public static HostWorkloadResult ToResult(string hostId, V2.WorkloadStatus? status) =>
        status is null
            ? new HostWorkloadResult(WorkloadState.Error, $"host {hostId} replied without a workload status")
            : new HostWorkloadResult(ToState(status.WorkloadState), status.Message is { Length: > 0 } m ? m : null);

    /// <summary>Null when the heartbeat cannot name a Host object (no id or friendly name).</summary>
    public static HostHeartbeat? ToHeartbeat(V2.HostHeartbeat wire)
    {
        if (string.IsNullOrEmpty(wire.Id) || string.IsNullOrEmpty(wire.FriendlyName))
        {
            return null;
        }

        return new HostHeartbeat
        {
            Id = wire.Id,
            Hostname = NullIfEmpty(wire.Hostname),
            FriendlyName = wire.FriendlyName,
            Version = NullIfEmpty(wire.Version),
            Labels = new Dictionary<string, string>(wire.Labels),
            StartedAt = wire.StartedAt?.ToDateTimeOffset(),
            OsArch = NullIfEmpty(wire.OsArch),
            OsName = NullIfEmpty(wire.OsName),
            OsKernel = NullIfEmpty(wire.OsKernel),
            SystemCpuUsage = wire.SystemCpuUsage,
            SystemMemoryTotal = wire.SystemMemoryTotal,
            SystemMemoryFree = wire.SystemMemoryFree,
            ComponentCount = wire.ComponentCount,
            WorkloadCount = wire.WorkloadCount,
            HttpPort = wire.HttpPort,
            Environment = NullIfEmpty(wire.Environment),
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
