using k8s;
using k8s.Autorest;
using k8s.Models;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>
/// The fake API server's RBAC, which the chart's RBAC is checked with: it must refuse what a real cluster refuses, or
/// that check proves nothing.
/// </summary>
public sealed class FakeApiServerAuthorizerTests
{
    private const string Token = "operator-token";
    private static readonly FakeApiServerUser s_operator = FakeApiServerUser.ServiceAccount("ops", "operator");

    private static readonly object[] s_rbac =
    [
        new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "workloads" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["runtime.wasmcloud.dev"], Resources = ["workloads"], Verbs = ["get", "list", "watch"] },
                new V1PolicyRule { ApiGroups = ["runtime.wasmcloud.dev"], Resources = ["*/status"], Verbs = ["patch"] },
            ],
        },
        // Bound in one namespace only, though a ClusterRole.
        new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "workloads", NamespaceProperty = "team-a" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "workloads" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "operator", NamespaceProperty = "ops" }],
        },
        new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "lease", NamespaceProperty = "ops" },
            Rules = [new V1PolicyRule { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = ["get", "update"], ResourceNames = ["leader"] }],
        },
        new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "lease", NamespaceProperty = "ops" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "lease" },
            // No namespace: the binding's own.
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "operator" }],
        },
        new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "reviews" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:auth-delegator" },
            Subjects = [new Rbacv1Subject { Kind = "Group", Name = "system:serviceaccounts:ops" }],
        },
    ];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("list", "workloads", null, "team-a", null, true)]
    [InlineData("watch", "workloads", null, "team-a", null, true)]
    [InlineData("list", "workloads", null, "team-b", null, false)]
    [InlineData("list", "workloads", null, null, null, false)]
    [InlineData("delete", "workloads", null, "team-a", "w", false)]
    [InlineData("patch", "workloads", "status", "team-a", "w", true)]
    [InlineData("update", "workloads", "status", "team-a", "w", false)]
    [InlineData("patch", "hosts", "status", "team-a", "h", true)]
    [InlineData("patch", "workloads", null, "team-a", "w", false)]
    public void A_role_binding_grants_its_cluster_role_only_in_its_namespace_and_subresources_only_as_named(
        string verb, string resource, string? subresource, string? @namespace, string? name, bool allowed)
    {
        var authorizer = new FakeApiServerAuthorizer(s_rbac);

        Assert.Equal(allowed, authorizer.Allows(s_operator, new FakeApiServerAccess(verb, "runtime.wasmcloud.dev", resource, subresource, @namespace, name)));
    }

    [Fact]
    public void Resource_names_limit_a_rule_to_those_objects_and_groups_bind_every_member()
    {
        var authorizer = new FakeApiServerAuthorizer(s_rbac);

        Assert.True(authorizer.Allows(s_operator, new("get", "coordination.k8s.io", "leases", null, "ops", "leader")));
        Assert.False(authorizer.Allows(s_operator, new("get", "coordination.k8s.io", "leases", null, "ops", "other")));
        Assert.False(authorizer.Allows(s_operator, new("list", "coordination.k8s.io", "leases", null, "ops", null)));
        Assert.False(authorizer.Allows(FakeApiServerUser.ServiceAccount("elsewhere", "operator"), new("get", "coordination.k8s.io", "leases", null, "ops", "leader")));
        Assert.True(authorizer.Allows(s_operator, new("create", "authentication.k8s.io", "tokenreviews", null, null, null)));
        Assert.False(authorizer.Allows(FakeApiServerUser.ServiceAccount("elsewhere", "x"), new("create", "authentication.k8s.io", "tokenreviews", null, null, null)));
    }

    [Fact]
    public async Task The_server_answers_a_refused_call_403_with_a_status_records_it_and_serves_callers_without_a_token()
    {
        await using var server = await FakeApiServer.StartAsync();
        server.InstallWasmcloudCrds();
        server.Authorizer = new FakeApiServerAuthorizer(s_rbac).AddServiceAccountToken(Token, "ops", "operator");
        using var admin = server.CreateClient();
        using var operatorClient = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.BaseUri.ToString(), AccessToken = Token });
        using var stranger = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.BaseUri.ToString(), AccessToken = "stolen" });

        await operatorClient.CustomObjects.ListNamespacedCustomObjectAsync("runtime.wasmcloud.dev", "v1alpha1", "team-a", "workloads", cancellationToken: _ct);
        await admin.CustomObjects.ListClusterCustomObjectAsync("runtime.wasmcloud.dev", "v1alpha1", "workloads", cancellationToken: _ct);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            operatorClient.CustomObjects.ListClusterCustomObjectAsync("runtime.wasmcloud.dev", "v1alpha1", "workloads", cancellationToken: _ct));
        var unknown = await Assert.ThrowsAsync<HttpOperationException>(() =>
            stranger.CustomObjects.ListNamespacedCustomObjectAsync("runtime.wasmcloud.dev", "v1alpha1", "team-a", "workloads", cancellationToken: _ct));

        Assert.Equal(403, (int)refused.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(refused.Response.Content);
        Assert.Equal(("Forbidden", 403), (status.Reason, status.Code));
        Assert.Equal(
            "workloads.runtime.wasmcloud.dev is forbidden: User \"system:serviceaccount:ops:operator\" cannot list resource \"workloads\" in API group \"runtime.wasmcloud.dev\" at the cluster scope",
            status.Message);
        Assert.Equal(401, (int)unknown.Response.StatusCode);
        Assert.Equal(
            [(403, "list runtime.wasmcloud.dev/workloads at the cluster scope"), (401, "")],
            server.Authorizer.Denials.Select(d => (d.Status, d.Access?.ToString() ?? "")));
    }
}
