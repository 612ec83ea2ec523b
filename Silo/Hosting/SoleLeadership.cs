namespace Wasmcloud.Silo.Hosting;

/// <summary>Standalone mode has one silo: it always leads.</summary>
public sealed class SoleLeadership : ILeadership
{
    public bool IsLeading => true;

    public Task WhenLeadingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
