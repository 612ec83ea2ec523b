using Wasmcloud.Silo.Hosting;
using Wasmcloud.Silo.Kubernetes.HostPods;
using Wasmcloud.Silo.Kubernetes.LeaderElection;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Options;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Kubernetes mode's adapters: <see cref="IResourceStore"/> and <see cref="IResourceWatchSource"/> over the API
    /// reached through the <c>Kubernetes</c> section (kubeconfig, else <c>KUBECONFIG</c>, else in-cluster). Hosts are
    /// fed from the operator namespace (<c>Operator:Namespace</c>) only; other kinds from <c>Feeder:Namespaces</c>. Host
    /// pods are watched in the operator namespace and <c>HostPods:Namespaces</c> for the deleted-pod fast path.
    /// </summary>
    public static IServiceCollection AddKubernetesAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesOptions>().Bind(configuration.GetSection(KubernetesOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesOptions>, KubernetesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(sp => new k8s.Kubernetes(ClientConfiguration(sp.GetRequiredService<IOptions<KubernetesOptions>>().Value)));
        services.TryAddSingleton<KubernetesResourceStore>();
        services.TryAddSingleton<IResourceStore>(sp => sp.GetRequiredService<KubernetesResourceStore>());
        services.AddOptions<LeaseLeadershipOptions>().Bind(configuration.GetSection(LeaseLeadershipOptions.SectionName));
        services.TryAddSingleton<LeaseLeadership>();
        services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<LeaseLeadership>());
        services.TryAddSingleton<KubernetesWatchSource>();
        services.TryAddSingleton<IResourceWatchSource>(sp => sp.GetRequiredService<KubernetesWatchSource>());
        services.AddOptions<FeederOptions>()
            .PostConfigure<IOptions<OperatorOptions>>((feeder, operatorOptions) => feeder.HostNamespace ??= operatorOptions.Value.Namespace);
        services.AddHostPodWatcher(configuration);
        return services;
    }

    /// <summary>Where the API is: the configured kubeconfig (and context), else KubernetesClient's defaults.</summary>
    public static KubernetesClientConfiguration ClientConfiguration(KubernetesOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig) || !string.IsNullOrEmpty(options.Context))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(
                string.IsNullOrEmpty(options.Kubeconfig) ? null : options.Kubeconfig, string.IsNullOrEmpty(options.Context) ? null : options.Context);
        }

        // KUBECONFIG, then ~/.kube/config, then the pod's service account.
        return KubernetesClientConfiguration.BuildDefaultConfig();
    }
}
