using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Kubernetes;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.Charts;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Kubernetes;
using Wasmcloud.TestInfrastructure.Nats;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes.ChartRbac;

/// <summary>
/// The silo as the chart deploys it, allowed only what the chart grants: <c>helm template</c> (the real binary) renders
/// the chart for <paramref name="values"/>; its CRDs are installed in the fake API server, and its Roles,
/// ClusterRoles and bindings become the server's <see cref="FakeApiServerAuthorizer"/>, which refuses every call of
/// the ServiceAccount <c>wasmcloud-runtime-operator</c> they do not grant. The built silo runs with the container
/// arguments and environment the chart renders (its ports, NATS and kubeconfig pointed at the test's), two of them as
/// the chart runs several (one leads through the Lease, grains live on both), a real host
/// serves real components, and a dashboard viewer's token passes the access reviews. Tests keep to their own names.
/// </summary>
public abstract class ChartRbacFixture(string values, IReadOnlyList<string> appNamespaces, string? hostPodNamespace = null) : IAsyncLifetime
{
    public const string ServiceAccount = "wasmcloud-runtime-operator";
    public const string HostGroup = "rbac";
    public const string SiloIdentity = "silo-0";
    public const string FollowerIdentity = "silo-1";
    public const string ViewerToken = "dashboard-viewer-token";
    public const string ViewerUser = "system:serviceaccount:wasmcloud:dashboard-viewer";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Arguments the test sets itself: where this silo listens and which NATS it uses.
    private static readonly string[] s_replacedArguments = ["--urls", "--Orleans:SiloPort", "--Orleans:GatewayPort", "--Nats:"];

    private NatsServerFixture? _nats;

    public string OperatorNamespace => Helm.Namespace;

    /// <summary>Namespaces the tests deploy to: the watched ones, or any when all are watched.</summary>
    public IReadOnlyList<string> AppNamespaces { get; } = appNamespaces;

    /// <summary>Where a host pod is deleted: a host group's own namespace, else the operator's.</summary>
    public string HostPodNamespace => hostPodNamespace ?? OperatorNamespace;

    public Rendered Chart { get; private set; } = null!;

    public FakeApiServer Server { get; private set; } = null!;

    public FakeApiServerAuthorizer Authorizer { get; private set; } = null!;

    /// <summary>The test's own client: no token, so the cluster administrator.</summary>
    public IKubernetes Client { get; private set; } = null!;

    public KubernetesResourceStore Store { get; private set; } = null!;

    /// <summary>The first silo, which takes the Lease.</summary>
    public KubernetesSiloProcess Silo { get; private set; } = null!;

    /// <summary>The second silo: in the Orleans cluster, hosting grains, not leading.</summary>
    public KubernetesSiloProcess Follower { get; private set; } = null!;

    public InProcessHostRuntime Host { get; private set; } = null!;

    public string NatsUrl => _nats?.ClientUrl ?? throw new InvalidOperationException("the fixture is not initialised");

    public async ValueTask InitializeAsync()
    {
        Chart = Helm.Template(values, "--include-crds");
        Server = await FakeApiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        foreach (var crd in Chart.All<V1CustomResourceDefinition>())
        {
            Server.InstallCrd(JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject());
        }

        Authorizer = new FakeApiServerAuthorizer(Chart.Objects).AddServiceAccountToken(FakeApiServer.KubeconfigToken, OperatorNamespace, ServiceAccount);
        Server.Authorizer = Authorizer;
        Server.Reviews.AddToken(ViewerToken, ViewerUser, "system:serviceaccounts");
        Server.Reviews.Allow(ViewerUser, "get", "/dashboard");
        Server.Reviews.Allow(ViewerUser, "get", "/metrics");
        Client = Server.CreateClient();
        Store = new KubernetesResourceStore(Client, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);

        _nats = new NatsServerFixture();
        await _nats.InitializeAsync();
        Silo = StartSilo(SiloIdentity);
        await Silo.WaitReadyAsync(StartTimeout);
        Follower = StartSilo(FollowerIdentity);
        await Follower.WaitReadyAsync(StartTimeout);
        Host = await InProcessHostRuntime.StartAsync(NatsUrl, o => o with { HostGroup = HostGroup, HeartbeatInterval = TimeSpan.FromSeconds(1) });
        await Eventually.Until(
            async () => (await Store.ListAsync<Host>(OperatorNamespace)).FirstOrDefault(h => h.HostId == Host.HostId),
            h => h?.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true,
            "the host's Host object to be Ready",
            StartTimeout);
    }

    /// <summary>Fails, listing them, if the API server refused any call; and checks the silo's calls were checked at all.</summary>
    public void AssertNothingRefused()
    {
        var denials = Authorizer.Denials.ToList();
        Assert.True(denials.Count == 0, $"the API server refused {denials.Count} call(s) of the silo under the chart's RBAC:\n{string.Join("\n", denials.Distinct())}");
        var silo = FakeApiServerUser.ServiceAccount(OperatorNamespace, ServiceAccount).Name;
        Assert.Contains(Server.Requests, r => r.User == silo && r.Status is >= 200 and < 300);
    }

    /// <summary>The log tails of the silos, for failure messages.</summary>
    public string SiloLog() =>
        $"\n--- {Silo.Process} log ---\n{Silo.Process.Tail(60)}\n--- {Follower?.Process} log ---\n{Follower?.Process.Tail(40)}";

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Follower is not null)
        {
            await Follower.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }

        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private KubernetesSiloProcess StartSilo(string identity)
    {
        var (arguments, environment) = SiloCommand(identity);
        return KubernetesSiloProcess.Start(
            Server, NatsUrl, OperatorNamespace, identity, [.. arguments, "--Operator:HeartbeatInterval", "00:00:01", "--Operator:HealthCheckPeriod", "00:00:00.200"], environment);
    }

    /// <summary>
    /// The operator container's arguments and environment as rendered, less what names this machine's ports and NATS;
    /// the downward API's fields filled in as the kubelet would (the pod IP left out: the silo then stays on loopback).
    /// </summary>
    private (IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment) SiloCommand(string podName)
    {
        var container = Chart.All<V1Deployment>().Single(d => d.Metadata.Name.EndsWith("-operator", StringComparison.Ordinal)).Spec.Template.Spec.Containers.Single();
        var arguments = container.Args
            .Where(a => a.StartsWith("--", StringComparison.Ordinal) && !s_replacedArguments.Any(r => a.StartsWith(r, StringComparison.Ordinal)))
            .ToList();
        var environment = new Dictionary<string, string>();
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.ValueFrom?.FieldRef?.FieldPath switch
            {
                "metadata.namespace" => OperatorNamespace,
                "metadata.name" => podName,
                null => variable.Name == "HOME" ? null : variable.Value,
                _ => null,
            };
            if (value is not null)
            {
                environment[variable.Name] = value;
            }
        }

        return (arguments, environment);
    }
}
