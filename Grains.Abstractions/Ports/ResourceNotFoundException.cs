namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>HTTP 404: the object does not exist (any more).</summary>
public sealed class ResourceNotFoundException : Exception
{
    public ResourceNotFoundException() { }

    public ResourceNotFoundException(string message) : base(message) { }

    public ResourceNotFoundException(string message, Exception inner) : base(message, inner) { }
}
