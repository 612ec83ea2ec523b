namespace Wasmcloud.HostRuntime.Workloads;

/// <summary>A start that cannot succeed; the message is sent to the operator as is.</summary>
public sealed class WorkloadStartException : Exception
{
    public WorkloadStartException() { }

    public WorkloadStartException(string message) : base(message) { }

    public WorkloadStartException(string message, Exception inner) : base(message, inner) { }
}
