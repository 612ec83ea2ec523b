namespace Wasmcloud.Silo.Feeding;

/// <summary>Receives an informer's changes in order. Should return quickly: the informer waits for it.</summary>
public interface IResourceEventHandler
{
    ValueTask HandleAsync(ResourceEvent change, CancellationToken cancellationToken);
}
