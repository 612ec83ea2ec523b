namespace Wasmcloud.Grains.Options;

public static class OperatorDefaults
{
    public const string Namespace = "wasmcloud-system";
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan WorkloadReconcileInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ArtifactReconcileInterval = TimeSpan.FromMinutes(5);
    /// <summary>The shortest steady reconcile interval: each is an Orleans reminder period, and the silo allows no shorter.</summary>
    public static readonly TimeSpan MinimumReconcileInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan HealthCheckPeriod = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HostTtl = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ReplicaGracePeriod = TimeSpan.FromMinutes(1);
    public const long WorkloadMemoryEstimateBytes = 64L << 20;
    public static readonly TimeSpan AvoidHostFor = TimeSpan.FromMinutes(5);
}
