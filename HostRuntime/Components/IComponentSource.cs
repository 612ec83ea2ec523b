namespace Wasmcloud.HostRuntime.Components;

/// <summary>
/// Brings a component's bytes onto local disk: from an OCI registry, or from a <c>file://</c> path in development.
/// The executor asks; it never knows where the bytes came from.
/// </summary>
public interface IComponentSource
{
    /// <exception cref="ComponentFetchException">The image cannot be had; the message says which image and why.</exception>
    Task<FetchedComponent> FetchAsync(ComponentReference reference, CancellationToken cancellationToken);
}
