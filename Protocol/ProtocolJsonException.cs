namespace Wasmcloud.Protocol;

/// <summary>A payload that is not valid proto3 JSON for the expected message; the message says what was wrong.</summary>
public sealed class ProtocolJsonException : Exception
{
    public ProtocolJsonException() { }

    public ProtocolJsonException(string message) : base(message) { }

    public ProtocolJsonException(string message, Exception inner) : base(message, inner) { }
}
