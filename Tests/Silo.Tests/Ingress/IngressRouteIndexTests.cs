using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Ingress;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Ingress;

/// <summary>The gateway's table as the silo derives it from Workload and Host objects.</summary>
public sealed class IngressRouteIndexTests
{
    [Fact]
    public void A_ready_workload_on_a_ready_host_routes_its_host_and_aliases_to_the_host_address()
    {
        var index = new IngressRouteIndex();
        index.Observe(ReadyHost("h1", "10.0.0.1", 9191), removed: false);
        index.Observe(HttpWorkload("hello-1", "Hello.Example.com:8080", aliases: "a.example.com, b.example.com", hostId: "h1"), removed: false);

        var routes = index.Snapshot().Table.Routes;
        Assert.Equal(["a.example.com", "b.example.com", "hello.example.com"], routes.Keys.Order());
        Assert.All(routes.Values, backends => Assert.Equal(["10.0.0.1:9191"], backends));
    }

    [Fact]
    public void Replicas_on_two_hosts_give_two_backends_and_two_on_one_host_give_one()
    {
        var index = new IngressRouteIndex();
        index.Observe(ReadyHost("h1", "10.0.0.1", 9191), removed: false);
        index.Observe(ReadyHost("h2", "10.0.0.2", 9191), removed: false);
        index.Observe(HttpWorkload("hello-1", "hello.test", hostId: "h1"), removed: false);
        index.Observe(HttpWorkload("hello-2", "hello.test", hostId: "h2"), removed: false);
        index.Observe(HttpWorkload("hello-3", "hello.test", hostId: "h2"), removed: false);

        Assert.Equal(["10.0.0.1:9191", "10.0.0.2:9191"], index.Snapshot().Table.Routes["hello.test"]);
    }

    [Fact]
    public void A_name_stays_known_with_no_backend_while_its_workload_or_its_host_is_not_ready()
    {
        var index = new IngressRouteIndex();
        var host = ReadyHost("h1", "10.0.0.1", 9191);
        index.Observe(host, removed: false);
        index.Observe(HttpWorkload("hello-1", "hello.test", hostId: null), removed: false);
        Assert.Empty(index.Snapshot().Table.Routes["hello.test"]);

        index.Observe(HttpWorkload("hello-1", "hello.test", hostId: "h1"), removed: false);
        Assert.Single(index.Snapshot().Table.Routes["hello.test"]);

        host.Status!.Conditions[0].Status = ConditionStatus.False;
        index.Observe(host, removed: false);
        Assert.Empty(index.Snapshot().Table.Routes["hello.test"]);
    }

    [Fact]
    public void Deleting_the_workload_forgets_the_name_and_a_workload_without_wasi_http_claims_none()
    {
        var index = new IngressRouteIndex();
        var workload = HttpWorkload("hello-1", "hello.test", hostId: null);
        index.Observe(workload, removed: false);
        index.Observe(new Workload { Metadata = new ObjectMeta { Name = "worker-1", Namespace = "default" } }, removed: false);
        Assert.Equal(["hello.test"], index.Snapshot().Table.Routes.Keys);

        index.Observe(workload, removed: true);
        Assert.Empty(index.Snapshot().Table.Routes);
    }

    [Fact]
    public void A_service_adds_its_four_dns_names()
    {
        var index = new IngressRouteIndex();
        var workload = HttpWorkload("hello-1", "hello.test", hostId: null);
        workload.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "hello" } };
        index.Observe(workload, removed: false);

        Assert.Equal(
            ["hello", "hello.apps", "hello.apps.svc", "hello.apps.svc.cluster.local", "hello.test"],
            index.Snapshot().Table.Routes.Keys.Order());
    }

    [Fact]
    public void Heartbeats_that_change_nothing_the_gateway_uses_do_not_change_the_table()
    {
        var index = new IngressRouteIndex();
        var host = ReadyHost("h1", "10.0.0.1", 9191);
        index.Observe(host, removed: false);
        index.Observe(HttpWorkload("hello-1", "hello.test", hostId: "h1"), removed: false);
        var version = index.Version;
        var changed = index.Changed;

        host.Status!.SystemMemoryFree = 12345;
        host.Status.LastSeen = DateTimeOffset.UnixEpoch.AddDays(1);
        index.Observe(host, removed: false);
        index.Observe(HttpWorkload("hello-1", "hello.test", hostId: "h1"), removed: false);

        Assert.Equal(version, index.Version);
        Assert.False(changed.IsCompleted);

        host.HttpPort = 9292;
        index.Observe(host, removed: false);
        Assert.True(changed.IsCompleted);
        Assert.Equal(["10.0.0.1:9292"], index.Snapshot().Table.Routes["hello.test"]);
    }

    private static Workload HttpWorkload(string name, string host, string? aliases = null, string? hostId = null)
    {
        var config = new Dictionary<string, string> { ["host"] = host };
        if (aliases is not null)
        {
            config["host-aliases"] = aliases;
        }

        var workload = new Workload
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "apps" },
            Spec = new WorkloadSpec
            {
                HostInterfaces = [new HostInterface { Namespace = "wasi", Package = "http", Interfaces = ["incoming-handler"], Config = config }],
            },
        };
        if (hostId is not null)
        {
            workload.Status = new WorkloadStatus
            {
                HostId = hostId,
                Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = Reasons.Available }],
            };
        }

        return workload;
    }

    private static Host ReadyHost(string hostId, string address, uint port) => new()
    {
        Metadata = new ObjectMeta { Name = $"host-{hostId}", Namespace = "wasmcloud-system" },
        HostId = hostId,
        Hostname = address,
        HttpPort = port,
        Status = new HostStatus
        {
            Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = Reasons.Available }],
        },
    };
}
