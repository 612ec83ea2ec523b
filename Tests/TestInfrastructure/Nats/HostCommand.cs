namespace Wasmcloud.TestInfrastructure.Nats;

/// <summary>One command the operator sent a host, as <see cref="HostCommandRecorder"/> saw it on the wire.</summary>
public sealed record HostCommand(DateTimeOffset At, string HostId, string Command, string WorkloadId);
