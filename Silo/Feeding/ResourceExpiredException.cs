namespace Wasmcloud.Silo.Feeding;

/// <summary>HTTP 410 Gone: the requested resourceVersion is older than the server's watch history. List again.</summary>
public sealed class ResourceExpiredException : Exception
{
    public ResourceExpiredException() { }

    public ResourceExpiredException(string message) : base(message) { }

    public ResourceExpiredException(string message, Exception inner) : base(message, inner) { }
}
