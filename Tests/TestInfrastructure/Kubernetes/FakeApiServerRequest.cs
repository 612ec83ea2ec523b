namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// One request as the fake API server understood it. <see cref="Verb"/> is the RBAC verb (get, list, watch, create,
/// update, patch, delete, deletecollection); <see cref="Status"/> is filled in once answered.
/// </summary>
public sealed record FakeApiServerRequest(
    string Method,
    string Path,
    string Query,
    string? ContentType,
    string Verb,
    string Group,
    string Version,
    string Plural,
    string? Namespace,
    string? Name,
    string? Subresource)
{
    public int Status { get; set; }

    /// <summary>Who made it, when the server's authorizer authenticated the caller; null otherwise.</summary>
    public string? User { get; set; }

    public override string ToString() => $"{Method} {Path}{Query} -> {Status}";
}
