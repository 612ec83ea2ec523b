using Google.Protobuf.WellKnownTypes;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Identity;
using Wasmcloud.HostRuntime.Internal;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Control;

/// <summary>Builds a fresh <see cref="HostHeartbeat"/> with current machine and workload figures.</summary>
public sealed class HeartbeatFactory
{
    private readonly HostIdentity _identity;
    private readonly WorkloadManager _workloads;
    private readonly HttpEndpoint _http;
    private readonly SystemMetrics _metrics = new();

    public HeartbeatFactory(HostIdentity identity, WorkloadManager workloads, HttpEndpoint http)
    {
        _identity = identity;
        _workloads = workloads;
        _http = http;
    }

    public HostHeartbeat Create()
    {
        var (total, free) = SystemMetrics.Memory();
        var heartbeat = new HostHeartbeat
        {
            Id = _identity.HostId,
            Hostname = _identity.Hostname,
            FriendlyName = _identity.FriendlyName,
            Version = _identity.Version,
            StartedAt = Timestamp.FromDateTimeOffset(_identity.StartedAt),
            OsArch = SystemMetrics.OsArch,
            OsName = SystemMetrics.OsName,
            OsKernel = SystemMetrics.OsFamily,
            SystemCpuUsage = _metrics.CpuUsagePercent(),
            SystemMemoryTotal = total,
            SystemMemoryFree = free,
            ComponentCount = (ulong)_workloads.ComponentCount,
            WorkloadCount = (ulong)_workloads.WorkloadCount,
            HttpPort = _http.Port,
            Environment = _identity.Environment,
        };
        foreach (var (key, value) in _identity.Labels)
        {
            heartbeat.Labels[key] = value;
        }

        return heartbeat;
    }
}
