namespace Wasmcloud.Silo.Hosting;

/// <summary>
/// Whether this silo drives the control plane. Only the leader feeds grains from the API and ingests heartbeats, so
/// several operator pods never reconcile the same objects twice.
/// </summary>
public interface ILeadership
{
    /// <summary>True while this silo leads.</summary>
    bool IsLeading { get; }

    /// <summary>Completes once this silo leads.</summary>
    Task WhenLeadingAsync(CancellationToken cancellationToken);
}
