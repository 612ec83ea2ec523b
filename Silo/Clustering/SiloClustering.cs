using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Kubernetes.LeaderElection;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// How the wasmCloud silo finds its peers. Standalone: Orleans' localhost clustering. Kubernetes mode: the
/// <see cref="KubernetesMembershipTable"/> in the operator namespace (section <c>Clustering</c>), with the silo
/// advertising <c>POD_IP</c> and named <c>POD_NAME</c> from the downward API; without <c>POD_IP</c> (a silo run by
/// hand against a kubeconfig) it advertises and listens on loopback. How fast a dead silo is noticed is Orleans'
/// own business, tunable under <see cref="MembershipSection"/>.
/// </summary>
public static class SiloClustering
{
    public const string PodIpVariable = "POD_IP";
    public const string PodNameVariable = "POD_NAME";
    private const string LeaseIdentityKey = LeaseLeadershipOptions.SectionName + ":" + nameof(LeaseLeadershipOptions.Identity);

    /// <summary>Orleans' own failure-detection settings (<see cref="ClusterMembershipOptions"/>: probe timeouts, votes, table refresh).</summary>
    public const string MembershipSection = "Orleans:Membership";

    public static ISiloBuilder UseWasmcloudClustering(this ISiloBuilder silo, IConfiguration configuration, bool standalone, int siloPort, int gatewayPort)
    {
        silo.Services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipSection));
        if (standalone)
        {
            return silo.UseLocalhostClustering(siloPort, gatewayPort);
        }

        silo.Services.AddOptions<KubernetesClusteringOptions>()
            .Bind(configuration.GetSection(KubernetesClusteringOptions.SectionName))
            .PostConfigure<IOptions<OperatorOptions>>((clustering, operatorOptions) => clustering.Namespace ??= operatorOptions.Value.Namespace);
        silo.UseKubernetesClustering();

        var podIp = Environment.GetEnvironmentVariable(PodIpVariable);
        if (!string.IsNullOrWhiteSpace(podIp))
        {
            var address = IPAddress.TryParse(podIp.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{PodIpVariable} '{podIp}' is not an IP address");
            // Advertise the pod's address, listen on every interface: the pod IP is not always bindable by name.
            silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
        }

        // The silo's name is its Lease identity too (LeaderElection:Identity, else POD_NAME, as LeaseLeadership picks),
        // so a follower can tell from membership that the Lease's holder is dead (LeaseLeadership.Handover.cs).
        var siloName = configuration[LeaseIdentityKey] is { Length: > 0 } identity ? identity : Environment.GetEnvironmentVariable(PodNameVariable);
        if (!string.IsNullOrWhiteSpace(siloName))
        {
            silo.Configure<SiloOptions>(options => options.SiloName = siloName.Trim());
        }

        return silo;
    }
}
