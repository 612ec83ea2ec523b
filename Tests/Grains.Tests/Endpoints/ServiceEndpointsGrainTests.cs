using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Naming;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.TestInfrastructure;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Endpoints;

[Collection(ControlPlaneCollection.Name)]
public sealed class ServiceEndpointsGrainTests(ControlPlaneFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    [Fact]
    public async Task The_slice_lists_the_hosts_running_ready_replicas_and_follows_a_scale_down()
    {
        var hosts = await _scenario.AddHostsAsync(3);
        await fixture.Store.CreateAsync(KubeKind.Stamp(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = _scenario.Namespace },
            Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
        }), TestContext.Current.CancellationToken);
        await _scenario.DeployAsync("web", replicas: 2, d => d.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "web" } });
        await _scenario.WaitReadyAsync("web", 2);

        var slice = await WaitSliceAsync(2);
        var placed = (await _scenario.WorkloadsAsync()).Select(w => w.Status!.HostId).ToHashSet();
        Assert.Equal(
            hosts.Where(h => placed.Contains(h.Id)).Select(h => h.Hostname).Order(StringComparer.Ordinal),
            slice.Endpoints.Select(e => Assert.Single(e.Addresses)));
        Assert.All(slice.Endpoints, e => Assert.True(e.Conditions.Ready && e.Conditions.Serving));
        var port = Assert.Single(slice.Ports);
        Assert.Equal(("http", 9191), (port.Name, port.Port));
        Assert.Equal("web", slice.Metadata.Label(WellKnown.ServiceNameLabel));
        Assert.Equal("Service", Assert.Single(slice.Metadata.OwnerReferences!).Kind);

        await _scenario.UpdateDeploymentAsync("web", d => d.Spec.Replicas = 1);
        await _scenario.WaitReadyAsync("web", 1);
        var shrunk = await WaitSliceAsync(1);
        var remaining = Assert.Single(await _scenario.WorkloadsAsync());
        Assert.Equal(hosts.Single(h => h.Id == remaining.Status!.HostId).Hostname, Assert.Single(Assert.Single(shrunk.Endpoints).Addresses));
    }

    private Task<EndpointSlice> WaitSliceAsync(int endpoints) =>
        Eventually.Until(
            () => fixture.Store.GetAsync<EndpointSlice>(_scenario.Namespace, ObjectNames.EndpointSliceName("web")),
            s => s?.Endpoints.Count == endpoints,
            $"the endpoint slice with {endpoints} endpoint(s)");
}
