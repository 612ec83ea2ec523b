namespace Wasmcloud.HostRuntime.Components;

public sealed class ComponentFetchException : Exception
{
    public ComponentFetchException() { }

    public ComponentFetchException(string message) : base(message) { }

    public ComponentFetchException(string message, Exception inner) : base(message, inner) { }
}
