namespace Wasmcloud.HostRuntime.Workloads;

/// <summary>A started workload as its executor holds it.</summary>
public interface IRunningWorkload
{
    /// <summary>A failure that never comes: the default for workloads that cannot fail after starting.</summary>
    static Task<string> NeverFails { get; } = new TaskCompletionSource<string>().Task;

    /// <summary>Reported in heartbeats as part of <c>componentCount</c>.</summary>
    int ComponentCount { get; }

    /// <summary>
    /// Completes with the reason when the workload fails after its start succeeded (a service that used up its
    /// restarts); the manager then reports it as ERROR. Never completes for a workload that keeps running.
    /// </summary>
    Task<string> Failure => NeverFails;

    /// <summary>Stops serving and releases everything the workload holds; called once.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
