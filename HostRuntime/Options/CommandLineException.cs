namespace Wasmcloud.HostRuntime.Options;

/// <summary>Arguments the host cannot start with; the message is meant for the operator's terminal.</summary>
public sealed class CommandLineException : Exception
{
    public CommandLineException() { }

    public CommandLineException(string message) : base(message) { }

    public CommandLineException(string message, Exception inner) : base(message, inner) { }
}
