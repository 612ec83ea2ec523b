using System.Net;
using k8s;
using k8s.Autorest;

namespace Wasmcloud.Silo.Kubernetes.LeaderElection;

/// <summary>
/// Handing the Lease over before it expires. Waiting out the Lease after a leader is gone is most of a failover
/// (15 s of about 17 s with the defaults; docs/benchmarks.md), yet two events tell a follower sooner that nobody leads:
/// the leader stopping, and Orleans declaring the leader's silo dead. A silo declared dead stops itself once it learns
/// so, and it could not have renewed the Lease through a partition from the API server for long either, so taking its
/// Lease risks no more overlap than one renew period of a zombie — the same as an expired Lease taken from a slow one.
/// The Lease is matched to a silo by name: its holder identity is the silo's name (<c>POD_NAME</c> in the chart).
/// </summary>
public sealed partial class LeaseLeadership
{
    /// <summary>How long a stopping leader may spend releasing the Lease; shutdown must not wait on a slow API server.</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// While following, looks at every membership change: when the Lease's holder is a silo Orleans has declared dead
    /// (and no live silo has its name), writes this silo in as holder. The write carries the Lease's resourceVersion,
    /// so of several survivors exactly one wins; the elector then finds itself holder and renews, i.e. leads.
    /// </summary>
    private async Task TakeOverFromDeadLeadersAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<IClusterMembershipService>() is not { } membership)
        {
            return;
        }

        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                if (IsLeading)
                {
                    return;
                }

                await TryTakeOverAsync(snapshot, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task TryTakeOverAsync(ClusterMembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        var members = snapshot.Members.Values;
        var dead = members.Where(m => m.Status == SiloStatus.Dead).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        if (dead.Count == 0)
        {
            return;
        }

        // A pod restarted under the same name is a new, live silo: its Lease is not up for grabs.
        var live = members.Where(m => m.Status != SiloStatus.Dead).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _namespace, cancellationToken: cancellationToken);
            var holder = lease.Spec?.HolderIdentity;
            if (lease.Spec is null || string.IsNullOrEmpty(holder) || holder == Identity || !dead.Contains(holder) || live.Contains(holder))
            {
                return;
            }

            var now = DateTime.UtcNow;
            lease.Spec.HolderIdentity = Identity;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _namespace, cancellationToken: cancellationToken);
            LogTookOver(_logger, Identity, _options.LeaseName, holder);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another survivor (or a renewal) wrote first; the elector sorts out who leads.
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // The Lease expiring remains the way over; nothing is lost by not being early.
            LogTakeOverFailed(_logger, _options.LeaseName, e);
        }
    }

    /// <summary>
    /// A stopping leader empties the Lease's holder, which every elector (ours and controller-runtime's) reads as free,
    /// so a follower leads within one retry period instead of after the Lease duration.
    /// </summary>
    private async Task ReleaseAsync()
    {
        using var deadline = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _namespace, cancellationToken: deadline.Token);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = DateTime.UtcNow;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _namespace, cancellationToken: deadline.Token);
            LogReleased(_logger, Identity, _options.LeaseName);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogReleaseFailed(_logger, _options.LeaseName, e);
        }
    }

    [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "{Identity} took Lease {Lease} from {DeadHolder}, which the cluster declared dead")]
    private static partial void LogTookOver(ILogger logger, string identity, string lease, string deadHolder);

    [LoggerMessage(EventId = 904, Level = LogLevel.Debug, Message = "Could not take Lease {Lease} from a dead holder; waiting for it to expire")]
    private static partial void LogTakeOverFailed(ILogger logger, string lease, Exception exception);

    [LoggerMessage(EventId = 905, Level = LogLevel.Information, Message = "{Identity} released Lease {Lease} on the way out")]
    private static partial void LogReleased(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 906, Level = LogLevel.Warning, Message = "Releasing Lease {Lease} on the way out failed; the next leader waits for it to expire")]
    private static partial void LogReleaseFailed(ILogger logger, string lease, Exception exception);
}
