namespace Wasmcloud.Grains.Abstractions.Ports;

/// <summary>The host did not answer (timeout, no responders, connection down).</summary>
public sealed class HostUnreachableException : Exception
{
    public HostUnreachableException() { }

    public HostUnreachableException(string message) : base(message) { }

    public HostUnreachableException(string message, Exception inner) : base(message, inner) { }
}
