namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// What a resource request asks to do, in the terms RBAC rules are written in: the verb (get, list, watch, create,
/// update, patch, delete, deletecollection), API group, resource, subresource, namespace (null: cluster scope) and name.
/// </summary>
public sealed record FakeApiServerAccess(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary>The resource as rules name it: <c>workloads</c> or <c>workloads/status</c>.</summary>
    public string CombinedResource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{CombinedResource}{(Name is null ? "" : $" \"{Name}\"")} "
        + (Namespace is null ? "at the cluster scope" : $"in namespace {Namespace}");
}
