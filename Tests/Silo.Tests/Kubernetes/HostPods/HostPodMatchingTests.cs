using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Kubernetes.HostPods;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests.Kubernetes.HostPods;

/// <summary>Which Host a deleted pod takes with it, and which options the fast path accepts.</summary>
public sealed class HostPodMatchingTests
{
    [Theory]
    [InlineData("10.1.2.3", true)] // the chart's --host-name=$(pod IP)
    [InlineData("hostgroup-default-7d9f-abcde", true)] // a host's default: the OS host name, which is the pod name
    [InlineData("edge-0", true)] // a pod with spec.hostname set
    [InlineData("10.1.2.4", false)]
    [InlineData("", false)]
    public void A_host_belongs_to_the_pod_whose_ip_or_host_name_it_reports(string hostname, bool matches)
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "hostgroup-default-7d9f-abcde", Namespace = "wasmcloud", Labels = new() { [WellKnown.HostPodLabel] = "default" } },
            Spec = new PodSpec { Hostname = "edge-0" },
            Status = new PodStatus { PodIp = "10.1.2.3" },
        };

        Assert.Equal(matches, HostPodWatcher.Matches(new Host { HostId = "h", Hostname = hostname }, pod));
    }

    [Fact]
    public void Only_pods_labelled_with_a_host_group_are_host_pods()
    {
        Assert.True(HostPodWatcher.IsHostPod(new Pod { Metadata = new ObjectMeta { Labels = new() { [WellKnown.HostPodLabel] = "" } } }));
        Assert.False(HostPodWatcher.IsHostPod(new Pod { Metadata = new ObjectMeta { Labels = new() { [WellKnown.HostGroupLabel] = "default" } } }));
        Assert.False(HostPodWatcher.IsHostPod(new Pod { Metadata = new ObjectMeta() }));
    }

    [Theory]
    [InlineData("edge-hosts", true)]
    [InlineData("Edge", false)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    public void Host_namespaces_must_be_namespace_names(string name, bool valid)
    {
        var result = new HostPodOptionsValidator().Validate(null, new HostPodOptions { Namespaces = [name] });

        Assert.Equal(valid, result.Succeeded);
    }
}
