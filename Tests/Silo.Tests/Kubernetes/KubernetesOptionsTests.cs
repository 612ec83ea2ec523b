using Wasmcloud.Silo.Kubernetes;

namespace Wasmcloud.Silo.Tests.Kubernetes;

public sealed class KubernetesOptionsTests
{
    [Fact]
    public void Options_are_validated()
    {
        var validator = new KubernetesOptionsValidator();

        Assert.True(validator.Validate(null, new KubernetesOptions()).Succeeded);
        Assert.True(validator.Validate(null, new KubernetesOptions { Kubeconfig = "/no/such/kubeconfig" }).Failed);
        Assert.True(validator.Validate(null, new KubernetesOptions { WatchTimeout = TimeSpan.FromMilliseconds(500) }).Failed);
        Assert.True(validator.Validate(null, new KubernetesOptions { WatchIdleTimeout = TimeSpan.Zero }).Failed);
        Assert.True(validator.Validate(null, new KubernetesOptions { ListPageSize = -1 }).Failed);
        Assert.True(validator.Validate(null, new KubernetesOptions { ListPageSize = 0 }).Succeeded);
    }

    [Fact]
    public void A_kubeconfig_file_and_context_pick_the_server()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(path, """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: one, cluster: {server: "http://127.0.0.1:6443"}}
                - {name: two, cluster: {server: "http://127.0.0.2:6443"}}
                users:
                - {name: u, user: {token: t}}
                contexts:
                - {name: first, context: {cluster: one, user: u}}
                - {name: second, context: {cluster: two, user: u, namespace: apps}}
                current-context: first
                """);

            Assert.Equal("http://127.0.0.1:6443", KubernetesServiceCollectionExtensions.ClientConfiguration(new KubernetesOptions { Kubeconfig = path }).Host);
            var second = KubernetesServiceCollectionExtensions.ClientConfiguration(new KubernetesOptions { Kubeconfig = path, Context = "second" });
            Assert.Equal(("http://127.0.0.2:6443", "apps"), (second.Host, second.Namespace));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
