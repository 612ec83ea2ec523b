namespace Wasmcloud.HostRuntime.Options;

/// <summary>The <c>--user-config</c> file is missing, malformed or asks for something this host cannot do.</summary>
public sealed class UserConfigException : Exception
{
    public UserConfigException() { }

    public UserConfigException(string message) : base(message) { }

    public UserConfigException(string message, Exception inner) : base(message, inner) { }
}
