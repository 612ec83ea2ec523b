namespace Wasmcloud.TestInfrastructure.Json;

/// <summary>Thrown by <see cref="JsonAssert"/>; this project does not reference the xunit assertion library.</summary>
public sealed class JsonMismatchException : Exception
{
    public JsonMismatchException() { }

    public JsonMismatchException(string message) : base(message) { }

    public JsonMismatchException(string message, Exception inner) : base(message, inner) { }
}
