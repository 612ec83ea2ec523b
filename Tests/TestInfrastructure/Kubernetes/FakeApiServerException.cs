using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>A failure the fake API server answers with a <c>Status</c> object, as the real one does.</summary>
public sealed class FakeApiServerException : Exception
{
    public FakeApiServerException() : this(500, "InternalError", "internal error")
    {
    }

    public FakeApiServerException(string message) : this(500, "InternalError", message)
    {
    }

    public FakeApiServerException(string message, Exception inner) : base(message, inner)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public FakeApiServerException(int code, string reason, string message) : base(message)
    {
        Code = code;
        Reason = reason;
    }

    public int Code { get; }

    public string Reason { get; }

    public static FakeApiServerException NotFound(FakeApiServerResource resource, string name) =>
        new(404, "NotFound", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" not found");

    public static FakeApiServerException AlreadyExists(FakeApiServerResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" already exists");

    public static FakeApiServerException Conflict(FakeApiServerResource resource, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.Plural}{GroupSuffix(resource)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    public static FakeApiServerException BadRequest(string message) => new(400, "BadRequest", message);

    public static FakeApiServerException Invalid(FakeApiServerResource resource, string name, IEnumerable<string> causes) =>
        new(422, "Invalid", $"{resource.Kind}{GroupSuffix(resource)} \"{name}\" is invalid: [{string.Join(", ", causes)}]");

    public static FakeApiServerException Expired(string message) => new(410, "Expired", message);

    /// <summary>The body of the answer: a <c>meta/v1 Status</c>.</summary>
    public JsonObject ToStatus() => Status(Code, Reason, Message);

    public static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static string GroupSuffix(FakeApiServerResource resource) => resource.Group.Length == 0 ? "" : "." + resource.Group;
}
