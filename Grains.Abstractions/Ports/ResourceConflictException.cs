namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>HTTP 409: the name is taken or the resourceVersion is stale. Re-read and try again.</summary>
public sealed class ResourceConflictException : Exception
{
    public ResourceConflictException() { }

    public ResourceConflictException(string message) : base(message) { }

    public ResourceConflictException(string message, Exception inner) : base(message, inner) { }
}
