using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// Kubernetes RBAC for the fake API server (<see cref="FakeApiServer.Authorizer"/>): requests bearing a token added with
/// <see cref="AddServiceAccountToken"/> are allowed only what the given Roles, ClusterRoles, RoleBindings and
/// ClusterRoleBindings grant that identity, and every refusal is kept in <see cref="Denials"/>. Semantics as the real
/// authorizer's: a ClusterRoleBinding grants its ClusterRole everywhere; a RoleBinding grants its Role or ClusterRole
/// only in the binding's namespace (never cluster-scoped resources or all-namespaces lists); <c>*</c> matches any verb,
/// group or resource, <c>*/sub</c> any resource's subresource; rules with <c>resourceNames</c> match only requests
/// naming one of them (a list or watch names one through <c>fieldSelector=metadata.name=…</c>).
/// </summary>
/// <remarks>
/// Requests without a bearer token are the test's own client, the cluster administrator, and are not checked. An
/// unknown token is answered 401. Of the built-in ClusterRoles, <c>cluster-admin</c> and <c>system:auth-delegator</c>
/// are known; a binding to any other role the objects do not define grants nothing, as on a real cluster.
/// </remarks>
public sealed class FakeApiServerAuthorizer
{
    private static readonly V1ClusterRole[] s_builtIn =
    [
        new()
        {
            Metadata = new V1ObjectMeta { Name = "cluster-admin" },
            Rules = [new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["*"] }],
        },
        new()
        {
            Metadata = new V1ObjectMeta { Name = "system:auth-delegator" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["authentication.k8s.io"], Resources = ["tokenreviews"], Verbs = ["create"] },
                new V1PolicyRule { ApiGroups = ["authorization.k8s.io"], Resources = ["subjectaccessreviews"], Verbs = ["create"] },
            ],
        },
    ];

    private readonly List<Grant> _grants = [];
    private readonly ConcurrentDictionary<string, FakeApiServerUser> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeApiServerDenial> _denials = new();

    /// <param name="objects">Any Kubernetes objects (a whole rendered chart); the RBAC ones are read, the rest ignored.</param>
    public FakeApiServerAuthorizer(IEnumerable<object> objects)
    {
        var all = objects.ToList();
        var clusterRoles = s_builtIn.Concat(all.OfType<V1ClusterRole>()).GroupBy(r => r.Metadata.Name).ToDictionary(g => g.Key, g => g.Last());
        var roles = all.OfType<V1Role>().ToDictionary(r => (r.Metadata.NamespaceProperty ?? "", r.Metadata.Name));
        foreach (var binding in all.OfType<V1ClusterRoleBinding>())
        {
            if (binding.RoleRef.Kind == "ClusterRole" && clusterRoles.TryGetValue(binding.RoleRef.Name, out var role))
            {
                _grants.Add(new Grant(null, binding.Subjects ?? [], role.Rules ?? []));
            }
        }

        foreach (var binding in all.OfType<V1RoleBinding>())
        {
            var ns = binding.Metadata.NamespaceProperty ?? throw new ArgumentException($"RoleBinding {binding.Metadata.Name} has no namespace");
            IList<V1PolicyRule>? rules = binding.RoleRef.Kind switch
            {
                "ClusterRole" => clusterRoles.GetValueOrDefault(binding.RoleRef.Name)?.Rules,
                "Role" => roles.GetValueOrDefault((ns, binding.RoleRef.Name))?.Rules,
                _ => null,
            };
            _grants.Add(new Grant(ns, binding.Subjects ?? [], rules ?? []));
        }
    }

    /// <summary>Every request refused so far, oldest first.</summary>
    public IReadOnlyCollection<FakeApiServerDenial> Denials => _denials;

    /// <summary>Requests bearing <paramref name="token"/> come from the ServiceAccount <paramref name="namespace"/>/<paramref name="name"/>.</summary>
    public FakeApiServerAuthorizer AddServiceAccountToken(string token, string @namespace, string name)
    {
        _tokens[token] = FakeApiServerUser.ServiceAccount(@namespace, name);
        return this;
    }

    /// <summary>True when some binding of <paramref name="user"/> grants <paramref name="access"/>.</summary>
    public bool Allows(FakeApiServerUser user, FakeApiServerAccess access) =>
        _grants.Any(grant => grant.Subjects.Any(subject => AppliesTo(subject, user, grant.Namespace))
            && (grant.Namespace is null || grant.Namespace == access.Namespace)
            && grant.Rules.Any(rule => Matches(rule, access)));

    /// <summary>
    /// Null when the request may be served (as whom, in <paramref name="user"/>); else the Status to answer, recorded
    /// as a denial.
    /// </summary>
    internal JsonObject? Authorize(FakeApiServerRequest request, string? authorization, out FakeApiServerUser? user)
    {
        user = null;
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        if (!_tokens.TryGetValue(token, out user))
        {
            _denials.Enqueue(new FakeApiServerDenial("(unknown token)", null, request.Method, request.Path, request.Query, 401));
            return FakeApiServerException.Status(401, "Unauthorized", "Unauthorized");
        }

        var access = AccessOf(request);
        if (Allows(user, access))
        {
            return null;
        }

        _denials.Enqueue(new FakeApiServerDenial(user.Name, access, request.Method, request.Path, request.Query, 403));
        var status = FakeApiServerException.Status(403, "Forbidden", ForbiddenMessage(user, access));
        status["details"] = new JsonObject { ["name"] = access.Name, ["group"] = access.Group, ["kind"] = access.Resource };
        return status;
    }

    /// <summary>The request as the real server's request-info resolver sees it.</summary>
    public static FakeApiServerAccess AccessOf(FakeApiServerRequest request)
    {
        var name = request.Name;
        if (name is null && request.Verb is "list" or "watch")
        {
            name = NameFromFieldSelector(request.Query);
        }

        // A namespace is its own namespace: rules bound in namespace "a" cover get/update of namespaces/a.
        var @namespace = request.Plural == "namespaces" && request.Name is not null ? request.Name : request.Namespace;
        return new FakeApiServerAccess(request.Verb, request.Group, request.Plural, request.Subresource, @namespace, name);
    }

    private static string? NameFromFieldSelector(string query)
    {
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        foreach (var requirement in (parameters["fieldSelector"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = requirement.Split(requirement.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts is ["metadata.name", var value] && !value.StartsWith('!'))
            {
                return value;
            }
        }

        return null;
    }

    private static bool AppliesTo(Rbacv1Subject subject, FakeApiServerUser user, string? bindingNamespace) => subject.Kind switch
    {
        "User" => subject.Name == user.Name,
        "Group" => user.Groups.Contains(subject.Name),
        // A RoleBinding's ServiceAccount subject without a namespace means one in the binding's namespace.
        "ServiceAccount" => (subject.NamespaceProperty is { Length: > 0 } ns ? ns : bindingNamespace) is { Length: > 0 } saNamespace
            && FakeApiServerUser.ServiceAccount(saNamespace, subject.Name).Name == user.Name,
        _ => false,
    };

    private static bool Matches(V1PolicyRule rule, FakeApiServerAccess access) =>
        Contains(rule.Verbs, access.Verb)
        && Contains(rule.ApiGroups, access.Group)
        && (rule.Resources ?? []).Any(resource => resource == "*" || resource == access.CombinedResource
            || (access.Subresource is not null && resource == "*/" + access.Subresource))
        && (rule.ResourceNames is not { Count: > 0 } names || (access.Name is not null && names.Contains(access.Name)));

    private static bool Contains(IList<string>? allowed, string value) => allowed?.Any(a => a == "*" || a == value) == true;

    private static string ForbiddenMessage(FakeApiServerUser user, FakeApiServerAccess access)
    {
        var what = access.Group.Length == 0 ? access.Resource : $"{access.Resource}.{access.Group}";
        var named = access.Name is null ? "" : $" \"{access.Name}\"";
        var where = access.Namespace is null ? "at the cluster scope" : $"in the namespace \"{access.Namespace}\"";
        return $"{what}{named} is forbidden: User \"{user.Name}\" cannot {access.Verb} resource \"{access.CombinedResource}\" in API group \"{access.Group}\" {where}";
    }

    /// <summary>Rules granted to <see cref="Subjects"/> in <see cref="Namespace"/> (null: everywhere).</summary>
    private sealed record Grant(string? Namespace, IList<Rbacv1Subject> Subjects, IList<V1PolicyRule> Rules);
}
