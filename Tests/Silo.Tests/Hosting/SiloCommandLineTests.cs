using Wasmcloud.Grains.Options;
using Microsoft.Extensions.Configuration;
using Wasmcloud.Silo.Hosting;

namespace Wasmcloud.Silo.Tests.Hosting;

public sealed class SiloCommandLineTests
{
    [Theory]
    [InlineData(new[] { "--standalone", "--manifests", "samples" }, true, "samples")]
    [InlineData(new[] { "--manifests=deploy", "--standalone" }, true, "deploy")]
    [InlineData(new[] { "--standalone", "false" }, false, null)]
    [InlineData(new[] { "--Standalone:Enabled=true", "--Standalone:ManifestsPath", "x" }, true, "x")]
    [InlineData(new string[0], false, null)]
    public void Friendly_flags_become_configuration(string[] args, bool standalone, string? manifests)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(SiloCommandLine.Normalize(args)).Build();

        Assert.Equal(standalone, configuration.IsStandalone());
        Assert.Equal(manifests, configuration[SiloCommandLine.ManifestsPathKey]);
    }

    [Fact]
    public void Other_arguments_pass_through()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(SiloCommandLine.Normalize(["--standalone", "--urls", "http://127.0.0.1:9000", "--Operator:Namespace=ops"]))
            .Build();

        Assert.Equal(("http://127.0.0.1:9000", "ops"), (configuration["urls"], configuration["Operator:Namespace"]));
    }

    [Theory]
    [InlineData(new[] { "--kubeconfig", "/tmp/kc", "--watch-namespaces", "apps, web" }, "/tmp/kc", new[] { "apps", "web" })]
    [InlineData(new[] { "--kubeconfig=/tmp/kc", "--watch-namespaces=apps" }, "/tmp/kc", new[] { "apps" })]
    [InlineData(new[] { "--Operator:Namespace", "ops" }, null, new string[0])]
    public void Kubernetes_flags_become_configuration(string[] args, string? kubeconfig, string[] namespaces)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(SiloCommandLine.Normalize(args)).Build();

        Assert.Equal(kubeconfig, configuration[SiloCommandLine.KubeconfigKey]);
        Assert.Equal(namespaces, configuration.GetSection(SiloCommandLine.WatchNamespacesKey).Get<string[]>() ?? []);
        Assert.False(configuration.IsStandalone());
    }

    [Fact]
    public void Host_namespaces_become_the_host_pod_watchers_list()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(SiloCommandLine.Normalize(["--host-namespaces", "edge, hosts", "--watch-namespaces=apps"])).Build();

        Assert.Equal(["edge", "hosts"], configuration.GetSection(SiloCommandLine.HostNamespacesKey).Get<string[]>() ?? []);
        Assert.Equal(["apps"], configuration.GetSection(SiloCommandLine.WatchNamespacesKey).Get<string[]>() ?? []);
    }

    [Fact]
    public void Operator_namespace_is_validated()
    {
        var validator = new OperatorOptionsValidator();

        Assert.True(validator.Validate(null, new OperatorOptions()).Succeeded);
        Assert.Equal("wasmcloud-system", new OperatorOptions().Namespace);
        Assert.True(validator.Validate(null, new OperatorOptions { Namespace = "Not_Valid" }).Failed);
        Assert.True(validator.Validate(null, new OperatorOptions { Namespace = "" }).Failed);
    }

    [Fact]
    public void A_reconcile_interval_shorter_than_a_reminder_may_be_is_refused_at_start()
    {
        var validator = new OperatorOptionsValidator();

        var result = validator.Validate(null, new OperatorOptions { WorkloadReconcileInterval = TimeSpan.FromMilliseconds(500) });

        Assert.True(result.Failed);
        Assert.Contains("Operator:WorkloadReconcileInterval must be at least 00:00:01", result.FailureMessage);
        Assert.True(validator.Validate(null, new OperatorOptions { ReconcileInterval = TimeSpan.FromSeconds(1) }).Succeeded);
    }
}
