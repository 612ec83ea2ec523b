using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Wasmcloud.Silo.Clustering;

namespace Wasmcloud.Silo.Tests.Clustering;

public sealed class KubernetesClusteringOptionsTests
{
    [Fact]
    public void Bad_settings_are_refused_with_the_key_to_fix()
    {
        var result = new KubernetesClusteringOptionsValidator().Validate(null, new KubernetesClusteringOptions
        {
            Namespace = "Not_A_Namespace",
            ClusterId = " ",
            MaxWriteAttempts = 0,
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Clustering:Namespace 'Not_A_Namespace'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Clustering:ClusterId", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Clustering:MaxWriteAttempts", StringComparison.Ordinal));
        Assert.True(new KubernetesClusteringOptionsValidator().Validate(null, new KubernetesClusteringOptions()).Succeeded);
    }

    [Fact]
    public void Service_and_cluster_ids_set_on_the_clustering_options_become_orleans_ids_and_name_the_table()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseKubernetesClustering(options =>
        {
            options.Namespace = "ops";
            options.ServiceId = "wasmcloud";
            options.ClusterId = "prod";
        }));
        using var host = builder.Build();

        var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var table = host.Services.GetRequiredService<KubernetesMembershipTable>();

        Assert.Equal(("wasmcloud", "prod"), (cluster.ServiceId, cluster.ClusterId));
        Assert.Equal(("ops", "wasmcloud.prod"), (table.Namespace, table.ObjectName));
    }
}
