namespace Wasmcloud.HostRuntime.Workloads;

/// <summary>A started workload as its executor holds it.</summary>
public interface IRunningWorkload
{
    /// <summary>Reported in heartbeats as part of <c>componentCount</c>.</summary>
    int ComponentCount { get; }

    /// <summary>Stops serving and releases everything the workload holds; called once.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
