using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// <c>UseKubernetesClustering</c>: Orleans membership (silos) and gateway discovery (clients) in the Kubernetes API,
/// through the <see cref="k8s.IKubernetes"/> the host registered, else KubernetesClient's defaults (KUBECONFIG,
/// ~/.kube/config, the pod's service account). Service and cluster IDs come from the options, else from
/// <c>ORLEANS_SERVICE_ID</c> / <c>ORLEANS_CLUSTER_ID</c>, else from <see cref="ClusterOptions"/> as configured.
/// </summary>
public static class KubernetesClusteringExtensions
{
    public static ISiloBuilder UseKubernetesClustering(this ISiloBuilder builder, Action<KubernetesClusteringOptions>? configure = null)
    {
        builder.Services.AddKubernetesClustering(configure);
        builder.Services.TryAddSingleton<IMembershipTable>(sp => sp.GetRequiredService<KubernetesMembershipTable>());
        return builder;
    }

    public static IClientBuilder UseKubernetesClustering(this IClientBuilder builder, Action<KubernetesClusteringOptions>? configure = null)
    {
        builder.Services.AddKubernetesClustering(configure);
        builder.Services.TryAddSingleton<IGatewayListProvider, KubernetesGatewayListProvider>();
        return builder;
    }

    private static void AddKubernetesClustering(this IServiceCollection services, Action<KubernetesClusteringOptions>? configure)
    {
        var options = services.AddOptions<KubernetesClusteringOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesClusteringOptions>, KubernetesClusteringOptionsValidator>());
        services.AddOptions<ClusterOptions>().Configure<IOptions<KubernetesClusteringOptions>>((cluster, clustering) =>
        {
            if (Identifier(clustering.Value.ServiceId, KubernetesClusteringOptions.ServiceIdVariable) is { } serviceId)
            {
                cluster.ServiceId = serviceId;
            }

            if (Identifier(clustering.Value.ClusterId, KubernetesClusteringOptions.ClusterIdVariable) is { } clusterId)
            {
                cluster.ClusterId = clusterId;
            }
        });
        services.TryAddSingleton<KubernetesMembershipTable>();
    }

    private static string? Identifier(string? configured, string variable) =>
        !string.IsNullOrWhiteSpace(configured) ? configured.Trim()
        : Environment.GetEnvironmentVariable(variable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment.Trim()
        : null;
}
