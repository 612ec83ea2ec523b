using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Options;
using Wasmcloud.Grains.Tests.Support;
using Wasmcloud.TestInfrastructure.ControlPlane;

namespace Wasmcloud.Grains.Tests.Workloads;

/// <summary>A cluster run with <c>allowSharedHosts: false</c>: workloads stay on hosts of their own namespace's environment.</summary>
public sealed class StrictTenancyFixture : ControlPlaneFixture
{
    protected override void Configure(OperatorOptions options) => options.AllowSharedHosts = false;
}

[CollectionDefinition(Name)]
public sealed class StrictTenancyCollection : ICollectionFixture<StrictTenancyFixture>
{
    public const string Name = "strict tenancy";
}

[Collection(StrictTenancyCollection.Name)]
public sealed class StrictTenancyTests(StrictTenancyFixture fixture)
{
    private readonly Scenario _scenario = new(fixture);

    [Fact]
    public async Task A_workload_asking_for_a_foreign_environment_is_rejected_with_an_event()
    {
        await _scenario.AddHostsAsync(1);
        await _scenario.DeployAsync("tenant", replicas: 1, d => d.Spec.Template.Spec.Environment = "prod");

        var rejected = await _scenario.WaitWorkloadAsync(
            w => w.Status?.Conditions.Find(ConditionTypes.HostSelection)?.Reason == Reasons.CrossEnvironmentSchedulingDenied,
            "the cross-environment rejection");

        var selection = rejected.Status!.Conditions.Find(ConditionTypes.HostSelection)!;
        Assert.Equal(ConditionStatus.False, selection.Status);
        Assert.Contains("\"prod\"", selection.Message, StringComparison.Ordinal);
        Assert.Null(rejected.Status.HostId);
        var warning = Assert.Single(_scenario.Events(Reasons.CrossEnvironmentSchedulingDenied));
        Assert.Equal(EventTypes.Warning, warning.Type);
        Assert.Equal(Reasons.Rejected, warning.Action);
    }

    [Fact]
    public async Task Without_an_environment_a_workload_only_lands_on_hosts_of_its_namespace()
    {
        var elsewhere = fixture.Fleet.Add(new Dictionary<string, string> { [WellKnown.HostGroupLabel] = _scenario.HostGroup }, environment: "someone-else");
        var own = fixture.Fleet.Add(new Dictionary<string, string> { [WellKnown.HostGroupLabel] = _scenario.HostGroup }, environment: _scenario.Namespace);
        await fixture.Fleet.BeatAsync(fixture.Grains, [elsewhere, own]);

        await _scenario.DeployAsync("local", replicas: 1);

        var placed = await _scenario.WaitWorkloadAsync(w => w.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true, "Ready");
        Assert.Equal(own.Id, placed.Status!.HostId);
        Assert.Equal(_scenario.Namespace, placed.Status.Environment);
    }
}
