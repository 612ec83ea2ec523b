using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.TestInfrastructure.Simulation;

namespace Wasmcloud.Bench.PlacementGrains;

internal sealed record BenchmarkOptions(
    int Hosts,
    int Deployments,
    int Replicas,
    int HostGroups,
    int Namespaces,
    int BigNamespacePercent,
    int ServiceEvery,
    int TimeoutSeconds,
    int MemoryPerWorkloadMiB,
    int HoldSeconds,
    int SteadySeconds,
    bool CountWrites,
    int DispatchConcurrency,
    int Seed)
{
    public const string BigNamespace = "big";

    public int Workloads => Deployments * Replicas;
}

/// <summary>The fleet and the manifests a run applies: fixed by the seed, so every run applies the same thing.</summary>
internal static class Workbook
{
    private const ulong GiB = 1UL << 30;
    private const ulong MiB = 1UL << 20;
    private static readonly ulong[] s_freeMemoryGiB = [4, 8, 16, 32, 64];

    public static string HostGroup(int index) => $"group-{index}";

    /// <summary>Hosts in <see cref="BenchmarkOptions.HostGroups"/> groups with mixed memory, which running workloads take from.</summary>
    public static IReadOnlyList<SimulatedHost> AddHosts(SimulatedHostFleet fleet, BenchmarkOptions options)
    {
        var random = new Random(options.Seed);
        var hosts = new List<SimulatedHost>(options.Hosts);
        for (var i = 0; i < options.Hosts; i++)
        {
            var free = s_freeMemoryGiB[random.Next(s_freeMemoryGiB.Length)] * GiB;
            hosts.Add(fleet.Add(
                new Dictionary<string, string> { [WellKnown.HostGroupLabel] = HostGroup(i % options.HostGroups) },
                memoryFree: free,
                memoryTotal: free + (2 * GiB),
                memoryPerWorkload: (ulong)options.MemoryPerWorkloadMiB * MiB));
        }

        return hosts;
    }

    /// <summary>
    /// The namespace of the <paramref name="index"/>th deployment: the first share goes to one big namespace, the rest
    /// round-robin over team namespaces (users put many apps in one namespace, and spread others by team).
    /// </summary>
    public static string NamespaceOf(int index, BenchmarkOptions options)
    {
        var big = options.Deployments * options.BigNamespacePercent / 100;
        return index < big || options.Namespaces == 0 ? BenchmarkOptions.BigNamespace : $"team-{(index - big) % options.Namespaces:00}";
    }

    public static IEnumerable<string> Namespaces(BenchmarkOptions options) =>
        Enumerable.Range(0, options.Deployments).Select(i => NamespaceOf(i, options)).Distinct(StringComparer.Ordinal);

    public static bool HasService(int index, BenchmarkOptions options) => options.ServiceEvery > 0 && index % options.ServiceEvery == 0;

    public static WorkloadDeployment Deployment(int index, BenchmarkOptions options)
    {
        var name = $"app-{index:00000}";
        return KubeKind.Stamp(new WorkloadDeployment
        {
            Metadata = new ObjectMeta { Name = name, Namespace = NamespaceOf(index, options) },
            Spec = new WorkloadDeploymentSpec
            {
                Replicas = options.Replicas,
                Kubernetes = HasService(index, options) ? new KubernetesSpec { Service = new NameReference { Name = name } } : null,
                Template = new WorkloadTemplate
                {
                    Labels = new Dictionary<string, string> { ["app"] = name },
                    Spec = new WorkloadSpec
                    {
                        HostSelector = new Dictionary<string, string> { [WellKnown.HostGroupLabel] = HostGroup(index % options.HostGroups) },
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

    public static Service Service(int index, BenchmarkOptions options) => KubeKind.Stamp(new Service
    {
        Metadata = new ObjectMeta { Name = $"app-{index:00000}", Namespace = NamespaceOf(index, options) },
        Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
    });
}
