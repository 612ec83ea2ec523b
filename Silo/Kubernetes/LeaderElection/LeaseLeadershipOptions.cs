namespace Wasmcloud.Silo.Kubernetes.LeaderElection;

/// <summary>The Lease the operator pods elect a leader with (the reference's controller-runtime defaults).</summary>
public sealed class LeaseLeadershipOptions
{
    public const string SectionName = "LeaderElection";

    /// <summary>The reference operator's Lease, so ours and a Go operator never lead at once during a migration.</summary>
    public const string DefaultLeaseName = "d34db3ef.wasmcloud.dev";

    public string LeaseName { get; set; } = DefaultLeaseName;

    /// <summary>This pod's identity in the Lease; defaults to <c>POD_NAME</c>, else the machine name.</summary>
    public string? Identity { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
