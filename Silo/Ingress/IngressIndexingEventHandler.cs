using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Ingress;

/// <summary>
/// Sits in front of the grain dispatcher: every change the informers hand on also updates the gateway's route index,
/// in the informer's order, before it is queued for the grains.
/// </summary>
public sealed class IngressIndexingEventHandler(IngressRouteIndex index, GrainDispatcher dispatcher) : IResourceEventHandler
{
    public ValueTask HandleAsync(ResourceEvent change, CancellationToken cancellationToken)
    {
        index.Observe(change.Object, change.Type == WatchEventType.Deleted);
        return dispatcher.HandleAsync(change, cancellationToken);
    }
}
