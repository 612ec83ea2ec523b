using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Reconciliation;

namespace Wasmcloud.Grains.Artifacts;

/// <summary>
/// Publishes an Artifact the way the reference does: <c>spec.image</c> becomes <c>status.artifactUrl</c>
/// (Sync, Published, Ready). Its finalizer holds deletion while a live WorkloadDeployment still refers to it.
/// </summary>
public sealed class ArtifactGrain : ReconcilerGrain<Artifact>, IArtifactGrain
{
    public ArtifactGrain(IResourceStore store, OperatorClock clock, IOptions<OperatorOptions> options, ILogger<ArtifactGrain> logger)
        : base(store, clock, options, logger)
    {
    }

    protected override void CopyStatus(Artifact from, Artifact to) => to.Status = from.Status;

    protected override TimeSpan SteadyInterval => Options.ArtifactReconcileInterval;

    public Task Upsert(Artifact artifact) => AcceptAsync(artifact);

    public Task Remove() => ForgetAsync();

    protected override async Task<ReconcileResult> ReconcileAsync(Artifact observed, CancellationToken cancellationToken)
    {
        if (observed.IsBeingDeleted)
        {
            var users = await UsersAsync(observed, cancellationToken);
            if (users.Count > 0)
            {
                RecordDecision(Reasons.Reconcile, $"deletion waits for {string.Join(", ", users)}");
                return ReconcileResult.Retry($"still used by {string.Join(", ", users)}");
            }

            await ReleaseFinalizerAsync(observed, WellKnown.ArtifactFinalizer, cancellationToken);

            return ReconcileResult.Done;
        }

        observed = await EnsureFinalizerAsync(observed, WellKnown.ArtifactFinalizer, cancellationToken);
        var next = Clone(observed);
        var status = next.Status ??= new ArtifactStatus();
        var now = Clock.Now;
        if (status.ObservedGeneration != next.Metadata.Generation || status.ArtifactUrl != next.Spec.Image)
        {
            status.ArtifactUrl = next.Spec.Image;
            status.ObservedGeneration = next.Metadata.Generation;
        }

        status.Conditions.Set(Available(next, ConditionTypes.Sync), now);
        var published = !string.IsNullOrEmpty(status.ArtifactUrl);
        status.Conditions.Set(published
            ? Available(next, ConditionTypes.Published)
            : NewCondition(next, ConditionTypes.Published, ConditionStatus.False, Reasons.Reconcile, "spec.image is empty"), now);
        status.Conditions.Set(published
            ? Available(next, ConditionTypes.Ready)
            : NewCondition(next, ConditionTypes.Ready, ConditionStatus.False, Reasons.Reconcile, "not published"), now);
        await WriteStatusIfChangedAsync(observed, next, a => a.Status, cancellationToken);
        return ReconcileResult.Done;
    }

    private async Task<IReadOnlyList<string>> UsersAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        var deployments = await Store.ListAsync<WorkloadDeployment>(artifact.Namespace, cancellationToken: cancellationToken);
        return [.. deployments
            .Where(d => !d.IsBeingDeleted && d.Spec.Artifacts?.Any(a => a.ArtifactFrom.Name == artifact.Name) == true)
            .Select(d => $"workloaddeployment/{d.Name}")];
    }
}
