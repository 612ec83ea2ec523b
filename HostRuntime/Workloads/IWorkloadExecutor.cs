using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Workloads;

/// <summary>
/// Turns a start request into something running: pull, validate, link, bind, serve. The <see cref="WorkloadManager"/>
/// owns the protocol semantics around it (IDs, states, replies); an executor only runs workloads.
/// </summary>
public interface IWorkloadExecutor
{
    /// <summary>Completes once the workload runs.</summary>
    /// <exception cref="Exception">Any failure; its message chain becomes the ERROR reply, so make it say what and where.</exception>
    Task<IRunningWorkload> StartAsync(WorkloadStartRequest request, CancellationToken cancellationToken);
}
