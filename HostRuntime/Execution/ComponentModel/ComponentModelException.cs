namespace Wasmcloud.HostRuntime.Execution.ComponentModel;

/// <summary>A Wasmtime error from the component C API: a failed link or instantiation, a trap, an interrupted call.</summary>
public sealed class ComponentModelException : Exception
{
    public ComponentModelException()
    {
    }

    public ComponentModelException(string message)
        : base(message)
    {
    }

    public ComponentModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
