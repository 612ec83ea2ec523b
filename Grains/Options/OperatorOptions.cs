namespace Wasmcloud.Grains.Options;

/// <summary>How the control plane reconciles. Defaults follow the reference operator where it is sound.</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    /// <summary>Where Host objects live (the reference's OPERATOR_NAMESPACE).</summary>
    public string Namespace { get; set; } = OperatorDefaults.Namespace;

    /// <summary>Whether a workload may run on hosts of an environment other than its namespace (reference §3.4).</summary>
    public bool AllowSharedHosts { get; set; } = true;

    /// <summary>Steady-state cadence of deployments, replica sets and hosts (reminder period).</summary>
    public TimeSpan ReconcileInterval { get; set; } = OperatorDefaults.ReconcileInterval;

    /// <summary>Steady-state cadence of workloads: how often a running workload's status is polled.</summary>
    public TimeSpan WorkloadReconcileInterval { get; set; } = OperatorDefaults.WorkloadReconcileInterval;

    public TimeSpan ArtifactReconcileInterval { get; set; } = OperatorDefaults.ArtifactReconcileInterval;

    /// <summary>First retry delay after an error; doubles per attempt with jitter up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = OperatorDefaults.RetryBaseDelay;

    public TimeSpan RetryMaxDelay { get; set; } = OperatorDefaults.RetryMaxDelay;

    /// <summary>How often hosts heartbeat; a host that misses two is probed, then declared not ready.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = OperatorDefaults.HeartbeatInterval;

    /// <summary>How often a host grain re-judges its host's health between heartbeats.</summary>
    public TimeSpan HealthCheckPeriod { get; set; } = OperatorDefaults.HealthCheckPeriod;

    /// <summary>How long after its last sign of life a host is deleted.</summary>
    public TimeSpan HostTtl { get; set; } = OperatorDefaults.HostTtl;

    /// <summary>How long a workload may stay placed but not syncing before its replica set replaces it.</summary>
    public TimeSpan ReplicaGracePeriod { get; set; } = OperatorDefaults.ReplicaGracePeriod;

    /// <summary>How long a host that refused or lost a workload is avoided for it.</summary>
    public TimeSpan AvoidHostFor { get; set; } = OperatorDefaults.AvoidHostFor;

    /// <summary>
    /// Memory a placement is charged against its host until the host's next heartbeat shows the real figure. The CRD has
    /// no memory request, so an estimate keeps a burst of placements from all choosing the same host.
    /// </summary>
    public long WorkloadMemoryEstimateBytes { get; set; } = OperatorDefaults.WorkloadMemoryEstimateBytes;

    /// <summary>Seed of the scheduler's tie-break, so equal inputs give equal placements.</summary>
    public int SchedulerSeed { get; set; }

    public TimeSpan MissedHeartbeatGrace => HeartbeatInterval * 2;
}
