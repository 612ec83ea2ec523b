using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;

namespace Wasmcloud.Grains.ReplicaSets;

/// <summary>
/// Keeps <c>spec.replicas</c> Workloads of the current template. Conditions in the reference's order: ScaleUp,
/// ScaleDown, Ready; then a cleanup of outdated and stuck replicas. Children arrive from the feeder, so the grain
/// lists its Workloads only once per activation, filtered in the store where it can (see <see cref="SharedLists"/>).
/// </summary>
public sealed partial class WorkloadReplicaSetGrain : OwnerReconcilerGrain<WorkloadReplicaSet, WorkloadReplicaSetGrain.Child>, IWorkloadReplicaSetGrain
{
    private readonly SharedLists _lists;

    public WorkloadReplicaSetGrain(
        IResourceStore store, SharedLists lists, OperatorClock clock, IOptions<OperatorOptions> options, ILogger<WorkloadReplicaSetGrain> logger)
        : base(store, clock, options, logger)
    {
        _lists = lists;
    }

    protected override void CopyStatus(WorkloadReplicaSet from, WorkloadReplicaSet to) => to.Status = from.Status;

    protected override TimeSpan SteadyInterval => Options.ReconcileInterval;

    public Task Upsert(WorkloadReplicaSet replicaSet) => AcceptAsync(replicaSet);

    public Task ChildChanged(Workload workload) => TrackChild(workload.Name, Child.Of(workload));

    protected override async Task<ReconcileResult> ReconcileAsync(WorkloadReplicaSet observed, CancellationToken cancellationToken)
    {
        if (observed.IsBeingDeleted)
        {
            return ReconcileResult.Done;
        }

        await LoadChildrenAsync(observed, cancellationToken);
        var now = Clock.Now;
        var hash = ObjectNames.TemplateHash(observed.Spec.Template.Spec);
        var live = OwnedChildren.Values.Where(w => !w.IsBeingDeleted).ToList();
        var current = live.Where(w => w.TemplateHash == hash).ToList();
        var expected = observed.Spec.Replicas;

        var next = Clone(observed);
        var status = next.Status ??= new WorkloadReplicaSetStatus();
        var scaling = false;

        if (current.Count < expected)
        {
            // This ReplicaSet may be gone already: its children's deletion can reach us before its own. Creating
            // replicas then would leave orphans of an old template behind, so look before creating.
            if (await Store.GetAsync<WorkloadReplicaSet>(observed.Namespace, observed.Name, cancellationToken) is not { IsBeingDeleted: false } stored
                || stored.Metadata.Uid != observed.Metadata.Uid)
            {
                return ReconcileResult.Done;
            }

            scaling = true;
            var created = 0;
            for (var i = current.Count; i < expected; i++)
            {
                var child = await Store.CreateAsync(NewWorkload(observed, hash), cancellationToken);
                OwnedChildren[child.Name] = Child.Of(child);
                created++;
            }

            await EmitEventAsync(observed, EventTypes.Normal, Reasons.WorkloadCreated, $"created {created} workload(s) for {expected} replica(s)");
        }

        status.Conditions.Set(Available(next, ConditionTypes.ScaleUp), now);

        if (current.Count > expected)
        {
            scaling = true;
            var victims = current.OrderBy(w => w.Ready ? 1 : 0)
                .ThenByDescending(w => w.CreatedAt)
                .ThenByDescending(w => w.Name, StringComparer.Ordinal)
                .Take(current.Count - expected)
                .ToList();
            foreach (var victim in victims)
            {
                await Store.DeleteAsync<Workload>(victim.Namespace, victim.Name, cancellationToken);
            }

            await EmitEventAsync(observed, EventTypes.Normal, Reasons.WorkloadDeleted, $"deleted {victims.Count} workload(s) for {expected} replica(s)");
        }

        status.Conditions.Set(Available(next, ConditionTypes.ScaleDown), now);

        current = OwnedChildren.Values.Where(w => !w.IsBeingDeleted && w.TemplateHash == hash).ToList();
        var ready = current.Count(w => w.Ready);
        var counts = new ReplicaCounts
        {
            Expected = expected,
            Current = Math.Min(current.Count, expected),
            Ready = Math.Min(ready, expected),
            Unavailable = Math.Max(0, expected - ready),
        };
        status.Replicas = counts;
        status.Conditions.Set(counts.Unavailable == 0 && counts.Current == expected
            ? Available(next, ConditionTypes.Ready)
            : NewCondition(next, ConditionTypes.Ready, ConditionStatus.False, Reasons.ReplicasUnavailable,
                $"{counts.Ready} of {expected} replicas ready"), now);

        if (!scaling)
        {
            await CleanUpAsync(hash, now, cancellationToken);
        }

        await WriteStatusIfChangedAsync(observed, next, r => r.Status, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Deletes replicas of an older template, and replicas stuck placed-but-not-syncing past the grace period.
    /// Unschedulable replicas are left alone: recreating them (the reference's minute-long churn) cannot help, and
    /// they are placed the moment a matching host appears.
    /// </summary>
    private async Task CleanUpAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var workload in OwnedChildren.Values.Where(w => !w.IsBeingDeleted).ToList())
        {
            var outdated = workload.TemplateHash != hash;
            var stuck = !outdated
                && workload.HostSelected
                && workload.NotReadySince is { } notReadySince
                && !workload.Synced
                && now - notReadySince > Options.ReplicaGracePeriod;
            if (outdated || stuck)
            {
                LogReplacing(Logger, workload.Key, outdated ? "outdated template" : "not syncing past the grace period");
                await Store.DeleteAsync<Workload>(workload.Namespace, workload.Name, cancellationToken);
            }
        }
    }

    protected override async Task<IEnumerable<(string Name, Child Child)>> ListChildrenAsync(WorkloadReplicaSet owner, CancellationToken cancellationToken)
    {
        var uid = owner.Metadata.Uid;
        var workloads = await _lists.ListAsync<Workload>(owner.Namespace, w => w.Metadata.ControllerOwner?.Uid == uid, cancellationToken);
        return workloads.Select(w => (w.Name, Child.Of(w)));
    }

    private static Workload NewWorkload(WorkloadReplicaSet owner, string hash) => KubeKind.Stamp(new Workload
    {
        Metadata = new ObjectMeta
        {
            Name = ObjectNames.ChildName(owner.Name),
            Namespace = owner.Namespace,
            Labels = owner.Spec.Template.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
            Annotations = new Dictionary<string, string> { [WellKnown.TemplateHashAnnotation] = hash },
            OwnerReferences = [OwnerReference.ControllerOf(owner)],
            Finalizers = [WellKnown.WorkloadFinalizer],
        },
        Spec = ModelJson.Clone(owner.Spec.Template.Spec),
    });

    /// <summary>
    /// What scaling, status and cleanup read of a child Workload: a summary, not the object, because the Workload
    /// grain, the informer and the store hold full copies already.
    /// </summary>
    /// <param name="NotReadySince">When its Ready condition turned anything but True; null while Ready or not reported.</param>
    public sealed record Child(
        string Namespace,
        string Name,
        bool IsBeingDeleted,
        string? TemplateHash,
        DateTimeOffset? CreatedAt,
        bool Ready,
        DateTimeOffset? NotReadySince,
        bool HostSelected,
        bool Synced)
    {
        public string Key => ObjectKey.Of(Namespace, Name);

        public static Child Of(Workload workload)
        {
            var conditions = workload.Status?.Conditions;
            var ready = conditions.Find(ConditionTypes.Ready);
            return new Child(
                workload.Namespace,
                workload.Name,
                workload.IsBeingDeleted,
                workload.Metadata.Annotation(WellKnown.TemplateHashAnnotation),
                workload.Metadata.CreationTimestamp,
                ready?.IsTrue == true,
                ready is { IsTrue: false } ? ready.LastTransitionTime : null,
                conditions.IsTrue(ConditionTypes.HostSelection),
                conditions.IsTrue(ConditionTypes.Sync));
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Replacing workload {Key}: {Why}")]
    private static partial void LogReplacing(ILogger logger, string key, string why);
}
