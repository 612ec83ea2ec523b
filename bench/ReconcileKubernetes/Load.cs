using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.TestInfrastructure.Simulation;

namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>The hosts and manifests of a run: the same in both modes.</summary>
internal static class Load
{
    private const string HostGroup = "bench";

    public static IReadOnlyList<SimulatedHost> AddHosts(SimulatedHostFleet fleet, ReconcileOptions options) =>
        [.. Enumerable.Range(0, options.Hosts).Select(_ => fleet.Add(new Dictionary<string, string> { [WellKnown.HostGroupLabel] = HostGroup }))];

    public static WorkloadDeployment Deployment(int index, ReconcileOptions options)
    {
        var name = $"app-{index:00000}";
        return KubeKind.Stamp(new WorkloadDeployment
        {
            Metadata = new ObjectMeta { Name = name, Namespace = $"team-{index % options.Namespaces:00}" },
            Spec = new WorkloadDeploymentSpec
            {
                Replicas = options.Replicas,
                Template = new WorkloadTemplate
                {
                    Labels = new Dictionary<string, string> { ["app"] = name },
                    Spec = new WorkloadSpec
                    {
                        HostSelector = new Dictionary<string, string> { [WellKnown.HostGroupLabel] = HostGroup },
                        Components = [new WorkloadComponent { Name = "hello", Image = "ghcr.io/wasmcloud/components/hello-world:0.1.0" }],
                        HostInterfaces =
                        [
                            new HostInterface
                            {
                                Namespace = "wasi",
                                Package = "http",
                                Interfaces = ["incoming-handler"],
                                Config = new() { ["host"] = $"{name}.example" },
                            },
                        ],
                    },
                },
            },
        });
    }
}
