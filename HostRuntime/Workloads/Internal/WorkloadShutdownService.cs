namespace Wasmcloud.HostRuntime.Workloads.Internal;

/// <summary>
/// Stops every workload on SIGTERM, after the control server has stopped taking commands and Kestrel has drained
/// in-flight HTTP requests: <see cref="IHostedLifecycleService.StoppedAsync"/> runs after every hosted service's stop.
/// </summary>
internal sealed class WorkloadShutdownService(WorkloadManager workloads) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => workloads.StopAllAsync(cancellationToken);
}
