using k8s.Models;

namespace Wasmcloud.Charts.Tests;

/// <summary>
/// Every API call the silo makes is granted to its ServiceAccount, in every mode. The calls, read from the code:
/// <c>KubernetesResourceStore</c> and <c>KubernetesWatchSource</c> (get/list/watch/create/replace/delete of every
/// <c>KubeKind</c>, status patches, Events created and merge-patched), the feeder (Hosts watched in the operator
/// namespace, the rest in the watched namespaces), EndpointSlices owned by Services (blockOwnerDeletion needs
/// <c>services/finalizers</c>), host Pods, leader leases, the Orleans membership table (<c>KubernetesMembershipTable</c>: get, create, replace,
/// delete of <c>membershiptables</c>), and the metrics filter's reviews.
/// </summary>
public sealed class RbacCoverageTests
{
    private const string ServiceAccount = "wasmcloud-runtime-operator";

    private static readonly string[] Crud = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private static readonly string[] Read = ["get", "list", "watch"];

    /// <summary>(apiGroup, resource, verbs) needed wherever workloads are reconciled.</summary>
    private static readonly (string Group, string Resource, string[] Verbs)[] WorkloadCalls =
    [
        .. new[] { "workloaddeployments", "workloadreplicasets", "workloads", "artifacts" }.SelectMany(r => new[]
        {
            ("runtime.wasmcloud.dev", r, Crud),
            ("runtime.wasmcloud.dev", r + "/status", new[] { "get", "patch", "update" }),
            ("runtime.wasmcloud.dev", r + "/finalizers", new[] { "update" }),
        }),
        ("", "services", Read),
        ("", "configmaps", Read),
        ("", "secrets", Read),
        ("", "services/finalizers", ["update"]),
        ("", "events", ["create", "get", "list", "patch", "update", "watch"]),
        ("discovery.k8s.io", "endpointslices", Crud),
    ];

    /// <summary>Needed in the operator's own namespace.</summary>
    private static readonly (string Group, string Resource, string[] Verbs)[] OperatorNamespaceCalls =
    [
        ("runtime.wasmcloud.dev", "hosts", Crud),
        ("runtime.wasmcloud.dev", "hosts/status", ["get", "patch", "update"]),
        ("runtime.wasmcloud.dev", "hosts/finalizers", ["update"]),
        ("coordination.k8s.io", "leases", Crud),
        ("orleans.wasmcloud.dev", "membershiptables", ["create", "delete", "get", "update"]),
        ("", "events", ["create", "patch"]),
        ("", "pods", ["get", "list", "patch", "watch"]),
    ];

    /// <summary>Cluster-wide: the metrics endpoint's TokenReview and SubjectAccessReview.</summary>
    private static readonly (string Group, string Resource, string[] Verbs)[] ClusterCalls =
    [
        ("authentication.k8s.io", "tokenreviews", ["create"]),
        ("authorization.k8s.io", "subjectaccessreviews", ["create"]),
    ];

    [Theory]
    [MemberData(nameof(Variants.All), MemberType = typeof(Variants))]
    public void The_silo_may_make_every_call_it_makes(string variant, string values)
    {
        var rendered = Helm.Template(values);
        var grants = new Grants(rendered, ServiceAccount, Helm.Namespace);
        string?[] watched = variant == nameof(Variants.WatchNamespaces) ? ["team-a", "team-b"] : [null];
        var missing = new List<string>();
        foreach (var ns in watched)
        {
            missing.AddRange(grants.Missing(WorkloadCalls, ns));
        }

        missing.AddRange(grants.Missing(OperatorNamespaceCalls, Helm.Namespace));
        missing.AddRange(grants.Missing(ClusterCalls, null));
        if (variant == nameof(Variants.TwoHostGroups))
        {
            missing.AddRange(grants.Missing([("", "pods", ["get", "list", "patch", "watch"])], "edge-hosts"));
        }

        Assert.True(missing.Count == 0, $"{variant}: not granted: {string.Join("; ", missing)}");
    }

    [Fact]
    public void Watching_namespaces_grants_no_cluster_wide_workload_access()
    {
        var rendered = Helm.Template(Variants.WatchNamespaces);
        var grants = new Grants(rendered, ServiceAccount, Helm.Namespace);
        Assert.NotEmpty(grants.Missing(WorkloadCalls, "team-c"));
        Assert.DoesNotContain(rendered.All<V1ClusterRole>(), r => r.Rules.Any(rule => rule.ApiGroups?.Contains("runtime.wasmcloud.dev") == true));
        Assert.Contains("--watch-namespaces=team-a,team-b", rendered.Container("wasmcloud-wasmcloud-orleans-operator").Args);
        Assert.Equal(new[] { "team-a", "team-b" }, rendered.All<V1Role>().Where(r => r.Metadata.Name.EndsWith("-workload", StringComparison.Ordinal)).Select(r => r.Metadata.NamespaceProperty).Order());
    }

    [Fact]
    public void Metrics_are_protected_by_auth_delegation_and_a_reader_role_is_left_for_monitoring()
    {
        var rendered = Helm.Template(Variants.Default);
        Assert.Contains(rendered.All<V1ClusterRoleBinding>(), b => b.RoleRef.Name == "system:auth-delegator" && b.Subjects.Any(s => s.Name == ServiceAccount));
        var reader = rendered.One<V1ClusterRole>("wasmcloud-wasmcloud-orleans-metrics-reader");
        Assert.Contains("/metrics", reader.Rules.Single().NonResourceURLs);
        Assert.DoesNotContain(rendered.All<V1ClusterRoleBinding>(), b => b.RoleRef.Name == reader.Metadata.Name);
    }

    /// <summary>What one ServiceAccount may do, from the rendered (Cluster)Roles and their bindings.</summary>
    private sealed class Grants
    {
        // Built-in roles the chart binds to, with the rules the API server gives them.
        private static readonly Dictionary<string, V1PolicyRule[]> s_builtIn = new()
        {
            ["system:auth-delegator"] =
            [
                new() { ApiGroups = ["authentication.k8s.io"], Resources = ["tokenreviews"], Verbs = ["create"] },
                new() { ApiGroups = ["authorization.k8s.io"], Resources = ["subjectaccessreviews"], Verbs = ["create"] },
            ],
        };

        // (namespace or null for cluster-wide, rule)
        private readonly List<(string? Namespace, V1PolicyRule Rule)> _rules = [];

        public Grants(Rendered rendered, string serviceAccount, string serviceAccountNamespace)
        {
            bool Binds(IEnumerable<Rbacv1Subject>? subjects) =>
                subjects?.Any(s => s.Kind == "ServiceAccount" && s.Name == serviceAccount && s.NamespaceProperty == serviceAccountNamespace) == true;

            IEnumerable<V1PolicyRule> ClusterRole(string name) =>
                s_builtIn.TryGetValue(name, out var rules) ? rules : rendered.One<V1ClusterRole>(name).Rules ?? [];

            foreach (var binding in rendered.All<V1ClusterRoleBinding>().Where(b => Binds(b.Subjects)))
            {
                _rules.AddRange(ClusterRole(binding.RoleRef.Name).Select(r => ((string?)null, r)));
            }

            foreach (var binding in rendered.All<V1RoleBinding>().Where(b => Binds(b.Subjects)))
            {
                var ns = binding.Metadata.NamespaceProperty;
                var rules = binding.RoleRef.Kind == "ClusterRole"
                    ? ClusterRole(binding.RoleRef.Name)
                    : Assert.Single(rendered.All<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == ns).Rules;
                _rules.AddRange(rules.Select(r => ((string?)ns, r)));
            }
        }

        /// <summary>The calls not granted in <paramref name="ns"/> (null: cluster-wide).</summary>
        public IEnumerable<string> Missing(IEnumerable<(string Group, string Resource, string[] Verbs)> calls, string? ns) =>
            from call in calls
            from verb in call.Verbs
            where !Allows(call.Group, call.Resource, verb, ns)
            select $"{verb} {(call.Group.Length == 0 ? "core" : call.Group)}/{call.Resource} in {ns ?? "the cluster"}";

        private bool Allows(string group, string resource, string verb, string? ns) =>
            _rules.Any(g => (g.Namespace is null || g.Namespace == ns)
                && Matches(g.Rule.ApiGroups, group) && Matches(g.Rule.Resources, resource) && Matches(g.Rule.Verbs, verb));

        private static bool Matches(IList<string>? allowed, string value) => allowed?.Any(a => a == "*" || a == value) == true;
    }
}
