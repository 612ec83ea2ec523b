using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.State;
using Wasmcloud.Silo.Dashboard;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Dashboard;

/// <summary>The pages as HTML, without a platform: what users and hosts wrote is encoded, credentials are left out.</summary>
public sealed class DashboardPageTests
{
    private const string Attack = "<img src=x onerror=alert(1)>";
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Host_messages_reach_every_page_encoded()
    {
        var (deployment, replicaSet, workload, host) = Objects();
        var inventory = new Inventory([deployment], [replicaSet], [workload], [host]);
        var state = new ReconcilerSnapshot
        {
            Kind = "Workload",
            Key = workload.Key,
            LastError = Attack,
            Decisions = [new Decision(Now, "StartFailed", Attack)],
        };

        string[] pages =
        [
            TopologyPage.Render(inventory),
            HostsPage.Render(inventory, Now),
            WorkloadPage.Render(workload, inventory, state, [], Now),
        ];

        foreach (var page in pages)
        {
            Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", pages[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Topology_nests_workloads_under_their_replica_set_and_names_their_host()
    {
        var (deployment, replicaSet, workload, host) = Objects();

        var page = TopologyPage.Render(new Inventory([deployment], [replicaSet], [workload], [host]));

        Assert.Contains($"data-kind=\"Workload\" data-name=\"{workload.Name}\" data-host=\"{host.Name}\"", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf(replicaSet.Name, StringComparison.Ordinal) < page.IndexOf(workload.Name, StringComparison.Ordinal));
        Assert.Contains("data-ready=\"False\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workload_page_never_shows_credentials_written_into_an_image_reference()
    {
        var (_, _, workload, host) = Objects();
        workload.Spec.Components = [new WorkloadComponent { Name = "c", Image = "https://robot:hunter2@registry.example/app:v1" }];

        var page = WorkloadPage.Render(workload, new Inventory([], [], [workload], [host]), null, [], Now);

        Assert.DoesNotContain("hunter2", page, StringComparison.Ordinal);
        Assert.Contains("registry.example/app:v1", page, StringComparison.Ordinal);
    }

    private static (WorkloadDeployment, WorkloadReplicaSet, Workload, Host) Objects()
    {
        var deployment = new WorkloadDeployment { Metadata = new ObjectMeta { Name = "web", Namespace = "default", Uid = "d1" } };
        var replicaSet = new WorkloadReplicaSet { Metadata = new ObjectMeta { Name = "web-abc", Namespace = "default", Uid = "r1" } };
        replicaSet.Metadata.OwnerReferences = [OwnerReference.ControllerOf(KubeKind.Stamp(deployment))];
        var workload = new Workload
        {
            Metadata = new ObjectMeta { Name = "web-abc-xyz", Namespace = "default", Uid = "w1" },
            Status = new WorkloadStatus
            {
                HostId = "h-1",
                Conditions =
                [
                    new Condition { Type = ConditionTypes.Placement, Status = ConditionStatus.False, Reason = "StartFailed", Message = Attack, LastTransitionTime = Now },
                    new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.False, Reason = "StartFailed", Message = Attack, LastTransitionTime = Now },
                ],
            },
        };
        workload.Metadata.OwnerReferences = [OwnerReference.ControllerOf(KubeKind.Stamp(replicaSet))];
        var host = new Host
        {
            Metadata = new ObjectMeta { Name = "calm-lake-1", Namespace = "wasmcloud-system", Labels = new() { ["zone"] = Attack } },
            HostId = "h-1",
            Status = new HostStatus
            {
                Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.False, Reason = "HeartbeatMissed", Message = Attack, LastTransitionTime = Now }],
                LastSeen = Now.AddSeconds(-30),
            },
        };
        return (deployment, replicaSet, KubeKind.Stamp(workload), KubeKind.Stamp(host));
    }
}
