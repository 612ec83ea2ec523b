namespace Wasmcloud.Protocol;

/// <summary>The commands a host answers under <c>runtime.host.&lt;hostId&gt;.</c> (reference §4.1).</summary>
public static class Commands
{
    public const string Heartbeat = "heartbeat";
    public const string WorkloadStart = "workload.start";
    public const string WorkloadStatus = "workload.status";
    public const string WorkloadStop = "workload.stop";
}
