namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>Condition and Event reasons. The first three are the reference's; the rest explain our own decisions.</summary>
public static class Reasons
{
    public const string Available = "Available";
    public const string Reconcile = "Reconcile";
    public const string CrossEnvironmentSchedulingDenied = "CrossEnvironmentSchedulingDenied";

    public const string InvalidSpec = "InvalidSpec";
    public const string NoSuitableHost = "NoSuitableHost";
    public const string Placed = "Placed";
    public const string StartFailed = "StartFailed";
    public const string Started = "Started";
    public const string Starting = "Starting";
    public const string NotOperational = "NotOperational";
    public const string HostLost = "HostLost";
    public const string HostNotReady = "HostNotReady";
    public const string HeartbeatMissed = "HeartbeatMissed";
    public const string HostExpired = "HostExpired";
    public const string HostPodDeleted = "HostPodDeleted";
    public const string Stopped = "Stopped";
    public const string StopFailed = "StopFailed";
    public const string MissingConfig = "MissingConfig";
    public const string ArtifactNotReady = "ArtifactNotReady";
    public const string TemplateHashMismatch = "TemplateHashMismatch";
    public const string ScalingReplicaSet = "ScalingReplicaSet";
    public const string RolloutInProgress = "RolloutInProgress";
    public const string ReplicasUnavailable = "ReplicasUnavailable";
    public const string ReplicaSetCreated = "ReplicaSetCreated";
    public const string ReplicaSetDeleted = "ReplicaSetDeleted";
    public const string WorkloadCreated = "WorkloadCreated";
    public const string WorkloadDeleted = "WorkloadDeleted";
    public const string Rejected = "Reject";
}
