using System.Net;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.Silo.Gateway;
using SiloDefaults = Wasmcloud.Silo.Hosting.SiloBuilderExtensions;

namespace Wasmcloud.Charts.Tests;

/// <summary>
/// The chart's default ports are the processes' own defaults, read from their code: a port changed on one side only
/// fails here rather than as pods that never turn ready.
/// </summary>
public sealed class PortDefaultsTests
{
    private const string Silo = "wasmcloud-wasmcloud-orleans-operator";
    private const string Gateway = "wasmcloud-wasmcloud-orleans-gateway";

    private static int PortOf(Rendered rendered, string deployment, string name) =>
        Assert.Single(rendered.Container(deployment).Ports, p => p.Name == name).ContainerPort;

    [Fact]
    public void Silo_ports_are_the_silos_defaults()
    {
        var rendered = Helm.Template(Variants.Default);

        Assert.Equal(SiloDefaults.DefaultSiloPort, PortOf(rendered, Silo, "silo"));
        Assert.Equal(SiloDefaults.DefaultGatewayPort, PortOf(rendered, Silo, "gateway"));
        Assert.Equal(new Uri(SiloDefaults.DefaultUrl).Port, PortOf(rendered, Silo, "http"));
    }

    [Fact]
    public void The_gateway_port_is_the_gateway_modes_default()
    {
        var rendered = Helm.Template(Variants.Default);

        Assert.Equal(new Uri(GatewayModeOptions.DefaultUrl).Port, PortOf(rendered, Gateway, "http"));
    }

    [Fact]
    public void Host_http_and_nats_ports_are_the_hosts_defaults()
    {
        var rendered = Helm.Template(Variants.Default);

        Assert.Equal(IPEndPoint.Parse(HostRuntimeOptions.DefaultHttpAddr).Port, PortOf(rendered, "hostgroup-default", "http"));
        Assert.Contains($"--http-addr={HostRuntimeOptions.DefaultHttpAddr}", rendered.Container("hostgroup-default").Args);
        Assert.Equal(new Uri(HostRuntimeOptions.DefaultNatsUrl).Port, Assert.Single(rendered.One<k8s.Models.V1Service>("nats").Spec.Ports).Port);
    }
}
