using k8s.Models;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Charts.Tests;

/// <summary>
/// What the chart's RBAC must not grant, and what it leaves for the user to bind. That it grants every call the silo
/// makes is shown by running the silo against a fake API server enforcing the rendered RBAC
/// (Tests/Silo.Tests/Kubernetes/ChartRbac).
/// </summary>
public sealed class RbacCoverageTests
{
    private const string ServiceAccount = "wasmcloud-runtime-operator";

    [Fact]
    public void Watching_namespaces_grants_no_cluster_wide_workload_access()
    {
        var rendered = Helm.Template(Variants.WatchNamespaces);
        var authorizer = new FakeApiServerAuthorizer(rendered.Objects);
        var silo = FakeApiServerUser.ServiceAccount(Helm.Namespace, ServiceAccount);
        foreach (var resource in new[] { "workloaddeployments", "workloadreplicasets", "workloads", "artifacts" })
        {
            Assert.True(authorizer.Allows(silo, new FakeApiServerAccess("list", "runtime.wasmcloud.dev", resource, null, "team-a", null)), $"{resource} in team-a");
            Assert.False(authorizer.Allows(silo, new FakeApiServerAccess("list", "runtime.wasmcloud.dev", resource, null, "team-c", null)), $"{resource} in team-c");
            Assert.False(authorizer.Allows(silo, new FakeApiServerAccess("list", "runtime.wasmcloud.dev", resource, null, null, null)), $"{resource} cluster-wide");
        }

        Assert.False(authorizer.Allows(silo, new FakeApiServerAccess("get", "", "secrets", null, "team-c", "credentials")));
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
}
