using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Clustering;

/// <summary>The fake API server serving the chart's CRDs (the MembershipTable one included), and tables pointed at it.</summary>
public sealed class MembershipTableFixture : FakeApiServerFixture
{
    public const string ServiceId = "wasmcloud";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Server.InstallWasmcloudCrds();
    }

    /// <summary>One silo's view of cluster <paramref name="clusterId"/> in <paramref name="namespace"/>: its own table instance and client.</summary>
    public KubernetesMembershipTable Table(string @namespace, string clusterId, int maxWriteAttempts = KubernetesClusteringOptions.DefaultMaxWriteAttempts)
    {
        var services = new ServiceCollection().AddSingleton<IKubernetes>(Server.CreateClient()).BuildServiceProvider();
        return new KubernetesMembershipTable(
            services,
            Options.Create(new KubernetesClusteringOptions { Namespace = @namespace, MaxWriteAttempts = maxWriteAttempts }),
            Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = clusterId }),
            NullLogger<KubernetesMembershipTable>.Instance);
    }
}
