using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Kubernetes.LeaderElection;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes.LeaderElection;

public sealed class LeaseLeadershipTests(FakeApiServerFixture api) : IClassFixture<FakeApiServerFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_silo_leads_the_other_stands_by_and_takes_over_when_the_leader_goes()
    {
        var ns = FakeApiServerFixture.NewNamespace();
        var first = Candidate(ns, "silo-0");
        var second = Candidate(ns, "silo-1");

        await first.Leadership.StartAsync(_ct);
        await first.Leadership.WhenLeadingAsync(_ct).WaitAsync(Eventually.DefaultTimeout, _ct);
        await second.Leadership.StartAsync(_ct);

        var lease = await api.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeadershipOptions.DefaultLeaseName, ns, cancellationToken: _ct);
        Assert.Equal("silo-0", lease.Spec.HolderIdentity);
        Assert.False(second.Leadership.IsLeading);

        // The leader dies without releasing the Lease (release-on-cancel is off, as in the reference): the follower
        // takes over once the lease expires.
        await first.Leadership.StopAsync(_ct);
        await second.Leadership.WhenLeadingAsync(_ct).WaitAsync(Eventually.DefaultTimeout, _ct);
        lease = await api.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeadershipOptions.DefaultLeaseName, ns, cancellationToken: _ct);
        Assert.Equal("silo-1", lease.Spec.HolderIdentity);
        Assert.False(first.Lifetime.StopRequested, "a silo that shuts down is not told to stop again");

        await second.Leadership.StopAsync(_ct);
    }

    private (LeaseLeadership Leadership, RecordingLifetime Lifetime) Candidate(string ns, string identity)
    {
        var lifetime = new RecordingLifetime();
        var leadership = new LeaseLeadership(
            api.Client,
            Microsoft.Extensions.Options.Options.Create(new LeaseLeadershipOptions
            {
                Identity = identity,
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            }),
            Microsoft.Extensions.Options.Options.Create(new OperatorOptions { Namespace = ns }),
            lifetime,
            NullLogger<LeaseLeadership>.Instance);
        return (leadership, lifetime);
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
