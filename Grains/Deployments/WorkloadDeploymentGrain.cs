using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Artifacts;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;
using Wasmcloud.Grains.Validation;

namespace Wasmcloud.Grains.Deployments;

/// <summary>
/// Rolls a WorkloadDeployment out as WorkloadReplicaSets. Conditions in the reference's order: Artifact, Sync,
/// Deploy, Scale, Ready. A template change brings a new ReplicaSet up at full size beside the old one and removes
/// the old one once the new one is Ready (RollingUpdate), or removes it at once (Recreate).
/// </summary>
public sealed partial class WorkloadDeploymentGrain : OwnerReconcilerGrain<WorkloadDeployment, WorkloadReplicaSet>, IWorkloadDeploymentGrain
{
    public WorkloadDeploymentGrain(IResourceStore store, OperatorClock clock, IOptions<OperatorOptions> options, ILogger<WorkloadDeploymentGrain> logger)
        : base(store, clock, options, logger)
    {
    }

    protected override void CopyStatus(WorkloadDeployment from, WorkloadDeployment to) => to.Status = from.Status;

    protected override TimeSpan SteadyInterval => Options.ReconcileInterval;

    public Task Upsert(WorkloadDeployment deployment) => AcceptAsync(deployment);

    public Task ChildChanged(WorkloadReplicaSet replicaSet) => TrackChild(replicaSet.Name, replicaSet);

    protected override async Task<ReconcileResult> ReconcileAsync(WorkloadDeployment observed, CancellationToken cancellationToken)
    {
        if (observed.IsBeingDeleted)
        {
            return ReconcileResult.Done;
        }

        await LoadChildrenAsync(observed, cancellationToken);
        var next = Clone(observed);
        next.Status ??= new WorkloadDeploymentStatus();
        var result = await EvaluateAsync(next, cancellationToken);
        await WriteStatusIfChangedAsync(observed, next, d => d.Status, cancellationToken);
        return result;
    }

    private async Task<ReconcileResult> EvaluateAsync(WorkloadDeployment deployment, CancellationToken cancellationToken)
    {
        var status = deployment.Status!;
        var conditions = status.Conditions;
        var now = Clock.Now;
        status.Selector = $"{WellKnown.WorkloadDeploymentLabel}={deployment.Name}";

        var errors = WorkloadSpecValidator.ValidateDeployment(deployment.Spec);
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors);
            if (conditions.Find(ConditionTypes.Ready)?.Message != message)
            {
                await EmitEventAsync(deployment, EventTypes.Warning, Reasons.InvalidSpec, message);
            }

            conditions.Set(NewCondition(deployment, ConditionTypes.Ready, ConditionStatus.False, Reasons.InvalidSpec, message), now);
            return ReconcileResult.Done;
        }

        // Artifact: every artifact:// reference must resolve to a published Artifact.
        var (template, artifactProblem) = await ResolveTemplateAsync(deployment, cancellationToken);
        if (artifactProblem is not null)
        {
            conditions.Set(NewCondition(deployment, ConditionTypes.Artifact, ConditionStatus.Unknown, Reasons.ArtifactNotReady, artifactProblem), now);
            conditions.Set(NewCondition(deployment, ConditionTypes.Ready, ConditionStatus.False, Reasons.ArtifactNotReady, artifactProblem), now);
            return ReconcileResult.Retry(artifactProblem);
        }

        conditions.Set(Available(deployment, ConditionTypes.Artifact), now);

        // Sync: does the current ReplicaSet run the resolved template?
        var hash = ObjectNames.TemplateHash(template.Spec);
        var current = status.CurrentReplicaSet is { } currentRef && OwnedChildren.TryGetValue(currentRef.Name, out var rs) && !rs.IsBeingDeleted ? rs : null;
        var inSync = current is not null && ObjectNames.TemplateHash(current.Spec.Template.Spec) == hash;
        conditions.Set(inSync
            ? Available(deployment, ConditionTypes.Sync)
            : NewCondition(deployment, ConditionTypes.Sync, ConditionStatus.False, Reasons.TemplateHashMismatch,
                current is null ? "no current replica set" : "template hash mismatch"), now);

        // Deploy: make (or adopt) a ReplicaSet for the resolved template.
        if (!inSync || current is null)
        {
            var adopted = OwnedChildren.Values.FirstOrDefault(c => !c.IsBeingDeleted && ObjectNames.TemplateHash(c.Spec.Template.Spec) == hash);
            var fresh = adopted ?? await CreateReplicaSetAsync(deployment, template, hash, cancellationToken);
            if (current is not null && deployment.Spec.DeployPolicy == DeployPolicies.RollingUpdate)
            {
                status.PreviousReplicaSet = new NameReference { Name = current.Name };
            }

            status.CurrentReplicaSet = new NameReference { Name = fresh.Name };
            current = fresh;
            RecordDecision(Reasons.ReplicaSetCreated, $"rolling out template {hash} as {fresh.Name} ({deployment.Spec.DeployPolicy})");
            conditions.Set(Available(deployment, ConditionTypes.Sync), now);
        }

        conditions.Set(Available(deployment, ConditionTypes.Deploy), now);

        // Scale: size the current set, drop sets that are neither current nor previous, sum the counts.
        if (current.Spec.Replicas != deployment.Spec.Replicas)
        {
            var resized = await Store.MutateAsync<WorkloadReplicaSet>(current.Namespace, current.Name, r =>
            {
                if (r.Spec.Replicas == deployment.Spec.Replicas)
                {
                    return false;
                }

                r.Spec.Replicas = deployment.Spec.Replicas;
                return true;
            }, status: false, cancellationToken);
            if (resized is not null)
            {
                OwnedChildren[resized.Name] = resized;
                current = resized;
                RecordDecision(Reasons.ScalingReplicaSet, $"scaled {resized.Name} to {deployment.Spec.Replicas}");
            }
        }

        var previousName = status.PreviousReplicaSet?.Name;
        foreach (var stale in OwnedChildren.Values.Where(c => c.Name != current.Name && c.Name != previousName && !c.IsBeingDeleted).ToList())
        {
            await DeleteReplicaSetAsync(deployment, stale, cancellationToken);
        }

        var currentReady = current.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true
            && current.Status?.Replicas?.Ready == deployment.Spec.Replicas
            && current.Metadata.Generation > 0;
        if (currentReady && previousName is not null)
        {
            if (OwnedChildren.TryGetValue(previousName, out var previous))
            {
                await DeleteReplicaSetAsync(deployment, previous, cancellationToken);
            }

            status.PreviousReplicaSet = null;
        }

        var owned = OwnedChildren.Values.Where(c => !c.IsBeingDeleted).ToList();
        status.Replicas = new ReplicaCounts
        {
            Expected = deployment.Spec.Replicas,
            Current = owned.Sum(c => c.Status?.Replicas?.Current ?? 0),
            Ready = owned.Sum(c => c.Status?.Replicas?.Ready ?? 0),
            Unavailable = owned.Sum(c => c.Status?.Replicas?.Unavailable ?? 0),
        };
        status.CurrentReplicas = current.Status?.Replicas?.Current ?? 0;

        if (!currentReady)
        {
            var waiting = $"waiting for replica set {current.Name}: {current.Status?.Replicas?.Ready ?? 0} of {deployment.Spec.Replicas} ready";
            conditions.Set(NewCondition(deployment, ConditionTypes.Scale, ConditionStatus.Unknown, Reasons.RolloutInProgress, waiting), now);
            conditions.Set(NewCondition(deployment, ConditionTypes.Ready, ConditionStatus.False, Reasons.RolloutInProgress, waiting), now);
            return ReconcileResult.Done;
        }

        conditions.Set(Available(deployment, ConditionTypes.Scale), now);
        conditions.Set(Available(deployment, ConditionTypes.Ready), now);
        return ReconcileResult.Done;
    }

    /// <summary>The template with <c>artifact://</c> images resolved and the deployment-level Service copied in.</summary>
    private async Task<(WorkloadTemplate Template, string? Problem)> ResolveTemplateAsync(WorkloadDeployment deployment, CancellationToken cancellationToken)
    {
        var template = ModelJson.Clone(deployment.Spec.Template);
        if (deployment.Spec.Kubernetes is { } kubernetes)
        {
            template.Spec.Kubernetes = ModelJson.Clone(kubernetes);
        }

        var images = (template.Spec.Components ?? []).Select(c => (Get: (Func<string>)(() => c.Image), Set: (Action<string>)(v => c.Image = v))).ToList();
        if (template.Spec.Service is { } service)
        {
            images.Add((() => service.Image, v => service.Image = v));
        }

        foreach (var (get, set) in images)
        {
            var image = get();
            if (!image.StartsWith(WellKnown.ArtifactImagePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = image[WellKnown.ArtifactImagePrefix.Length..];
            var artifactName = deployment.Spec.Artifacts?.FirstOrDefault(a => a.Name == name)?.ArtifactFrom.Name ?? name;
            var artifact = await Store.GetAsync<Artifact>(deployment.Namespace, artifactName, cancellationToken);
            if (artifact is null)
            {
                return (template, $"artifact \"{artifactName}\" not found");
            }

            if (!artifact.Status.IsPublished() || string.IsNullOrEmpty(artifact.Status?.ArtifactUrl))
            {
                return (template, $"artifact \"{artifactName}\" is not published yet");
            }

            set(artifact.Status!.ArtifactUrl!);
        }

        return (template, null);
    }

    private async Task<WorkloadReplicaSet> CreateReplicaSetAsync(WorkloadDeployment deployment, WorkloadTemplate template, string hash, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(deployment.Metadata.Labels ?? [])
        {
            [WellKnown.WorkloadDeploymentLabel] = deployment.Name,
        };
        var annotations = new Dictionary<string, string>(deployment.Metadata.Annotations ?? [])
        {
            [WellKnown.TemplateHashAnnotation] = hash,
        };
        var created = await Store.CreateAsync(KubeKind.Stamp(new WorkloadReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = ObjectNames.ChildName(deployment.Name),
                Namespace = deployment.Namespace,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = [OwnerReference.ControllerOf(deployment)],
            },
            Spec = new WorkloadReplicaSetSpec { Replicas = deployment.Spec.Replicas, Template = template },
        }), cancellationToken);
        OwnedChildren[created.Name] = created;
        await EmitEventAsync(deployment, EventTypes.Normal, Reasons.ReplicaSetCreated, $"created replica set {created.Name} with {deployment.Spec.Replicas} replica(s)");
        return created;
    }

    private async Task DeleteReplicaSetAsync(WorkloadDeployment deployment, WorkloadReplicaSet replicaSet, CancellationToken cancellationToken)
    {
        await Store.DeleteAsync<WorkloadReplicaSet>(replicaSet.Namespace, replicaSet.Name, cancellationToken);
        OwnedChildren.Remove(replicaSet.Name);
        await EmitEventAsync(deployment, EventTypes.Normal, Reasons.ReplicaSetDeleted, $"deleted replica set {replicaSet.Name}");
    }

    protected override async Task<IEnumerable<(string Name, WorkloadReplicaSet Child)>> ListChildrenAsync(WorkloadDeployment owner, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string> { [WellKnown.WorkloadDeploymentLabel] = owner.Name };
        var replicaSets = await Store.ListAsync<WorkloadReplicaSet>(owner.Namespace, labels, cancellationToken);
        return replicaSets.Where(r => r.Metadata.ControllerOwner?.Uid == owner.Metadata.Uid).Select(r => (r.Name, r));
    }
}
