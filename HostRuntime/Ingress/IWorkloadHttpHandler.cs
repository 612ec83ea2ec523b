namespace Wasmcloud.HostRuntime.Ingress;

/// <summary>
/// Serves one HTTP request for a workload. The interim CGI-style handler implements it today; the wasi:http handler
/// slots in beside it, and <see cref="HostRouter"/> never knows which one it is calling.
/// </summary>
public interface IWorkloadHttpHandler
{
    /// <summary>Writes the whole response; failures of the component become 5xx responses, not exceptions.</summary>
    /// <param name="cancellationToken">The client went away, or the host is shutting down.</param>
    Task HandleAsync(HttpContext context, CancellationToken cancellationToken);
}
