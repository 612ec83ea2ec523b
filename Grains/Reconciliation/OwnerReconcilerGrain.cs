using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;

namespace Wasmcloud.Grains.Reconciliation;

/// <summary>
/// A reconciler that owns objects of another kind (a WorkloadDeployment its ReplicaSets, a ReplicaSet its
/// Workloads). It lists its children once per activation; after that the feeder reports every change, so a child's
/// change or removal costs a reconcile, not a list.
/// </summary>
/// <typeparam name="T">The owner's kind.</typeparam>
/// <typeparam name="TChild">What the owner keeps of a child: the object, or a summary of it.</typeparam>
public abstract class OwnerReconcilerGrain<T, TChild> : ReconcilerGrain<T> where T : KubeObject
{
    private bool _childrenLoaded;

    protected OwnerReconcilerGrain(IResourceStore store, OperatorClock clock, IOptions<OperatorOptions> options, ILogger logger)
        : base(store, clock, options, logger)
    {
    }

    /// <summary>The children by name, as last listed or reported.</summary>
    protected Dictionary<string, TChild> OwnedChildren { get; } = [];

    protected override IReadOnlyList<string> Children => [.. OwnedChildren.Keys.Order()];

    public async Task Remove()
    {
        OwnedChildren.Clear();
        await ForgetAsync();
    }

    public Task ChildRemoved(string name)
    {
        if (OwnedChildren.Remove(name) && Observed is not null)
        {
            ScheduleReconcile(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <summary>Records a child's new state and reconciles at once if the owner itself is known.</summary>
    protected Task TrackChild(string name, TChild child)
    {
        OwnedChildren[name] = child;
        if (Observed is not null)
        {
            ScheduleReconcile(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <summary>The owner's children in the store, controlled by <paramref name="owner"/>.</summary>
    protected abstract Task<IEnumerable<(string Name, TChild Child)>> ListChildrenAsync(T owner, CancellationToken cancellationToken);

    /// <summary>Lists the children on the first reconcile of an activation; what the feeder reported meanwhile wins.</summary>
    protected async Task LoadChildrenAsync(T owner, CancellationToken cancellationToken)
    {
        if (_childrenLoaded)
        {
            return;
        }

        foreach (var (name, child) in await ListChildrenAsync(owner, cancellationToken))
        {
            OwnedChildren.TryAdd(name, child);
        }

        _childrenLoaded = true;
    }
}
