using k8s;
using k8s.Autorest;
using k8s.Models;
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
        var first = Candidate(ns, "silo-0", TimeSpan.FromSeconds(2));
        var second = Candidate(ns, "silo-1", TimeSpan.FromSeconds(2));

        await first.Leadership.StartAsync(_ct);
        await first.Leadership.WhenLeadingAsync(_ct).WaitAsync(Eventually.DefaultTimeout, _ct);
        await second.Leadership.StartAsync(_ct);

        var lease = await ReadLeaseAsync(ns);
        Assert.Equal("silo-0", lease.Spec.HolderIdentity);
        Assert.False(second.Leadership.IsLeading);

        // A leader that can no longer renew (here its Lease is taken away from under it) steps down and stops its process.
        await Eventually.Until(() => TryHandLeaseToAsync(ns, "someone-else"), "the Lease to be written between two renewals");
        await Eventually.Until(() => first.Lifetime.StopRequested, "the leader that lost its Lease to stop its process");
        await first.Leadership.StopAsync(_ct);

        // Nobody renews for "someone-else": the follower takes over once that Lease expires.
        await second.Leadership.WhenLeadingAsync(_ct).WaitAsync(Eventually.DefaultTimeout, _ct);
        Assert.Equal("silo-1", (await ReadLeaseAsync(ns)).Spec.HolderIdentity);

        await second.Leadership.StopAsync(_ct);
    }

    [Fact]
    public async Task A_leader_that_stops_hands_the_lease_over_without_making_the_follower_wait_for_it_to_expire()
    {
        var ns = FakeApiServerFixture.NewNamespace();
        // Longer than any test may wait: only a release lets the follower lead.
        var neverExpires = TimeSpan.FromHours(1);
        var first = Candidate(ns, "silo-0", neverExpires);
        var second = Candidate(ns, "silo-1", neverExpires);
        await first.Leadership.StartAsync(_ct);
        await first.Leadership.WhenLeadingAsync(_ct).WaitAsync(Eventually.DefaultTimeout, _ct);
        await second.Leadership.StartAsync(_ct);

        await first.Leadership.StopAsync(_ct);

        await second.Leadership.WhenLeadingAsync(_ct).WaitAsync(Eventually.DefaultTimeout, _ct);
        var lease = await ReadLeaseAsync(ns);
        Assert.Equal("silo-1", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.False(first.Lifetime.StopRequested, "a silo that shuts down is not told to stop again");

        await second.Leadership.StopAsync(_ct);
    }

    /// <summary>One read-modify-write of the Lease; false when the leader renewed in between (409).</summary>
    private async Task<bool> TryHandLeaseToAsync(string ns, string holder)
    {
        var lease = await ReadLeaseAsync(ns);
        lease.Spec.HolderIdentity = holder;
        lease.Spec.RenewTime = DateTime.UtcNow;
        try
        {
            await api.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, LeaseLeadershipOptions.DefaultLeaseName, ns, cancellationToken: _ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private Task<V1Lease> ReadLeaseAsync(string ns) =>
        api.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseLeadershipOptions.DefaultLeaseName, ns, cancellationToken: _ct);

    private (LeaseLeadership Leadership, RecordingLifetime Lifetime) Candidate(string ns, string identity, TimeSpan leaseDuration)
    {
        var lifetime = new RecordingLifetime();
        var leadership = new LeaseLeadership(
            api.Client,
            Microsoft.Extensions.Options.Options.Create(new LeaseLeadershipOptions
            {
                Identity = identity,
                LeaseDuration = leaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(1),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            }),
            Microsoft.Extensions.Options.Options.Create(new OperatorOptions { Namespace = ns }),
            lifetime,
            EmptyServiceProvider.Instance,
            NullLogger<LeaseLeadership>.Instance);
        return (leadership, lifetime);
    }

    /// <summary>No Orleans silo here, so no membership: only the release and the Lease itself are under test.</summary>
    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
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
