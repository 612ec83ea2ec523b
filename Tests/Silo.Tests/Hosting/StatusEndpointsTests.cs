using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Silo.Hosting;
using Wasmcloud.Silo.Standalone;

namespace Wasmcloud.Silo.Tests.Hosting;

public sealed class StatusEndpointsTests
{
    private static readonly DateTimeOffset s_now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summaries_explain_the_first_condition_that_is_not_true()
    {
        var store = new InMemoryResourceStore();
        var workload = await store.CreateAsync(TestObjects.Workload("w"), _ct);
        workload.Status = new WorkloadStatus
        {
            Conditions =
            [
                Condition(ConditionTypes.Config, ConditionStatus.True, Reasons.Available, null),
                Condition(ConditionTypes.HostSelection, ConditionStatus.False, Reasons.NoSuitableHost, "no host matches hostgroup=default"),
                Condition(ConditionTypes.Ready, ConditionStatus.False, Reasons.Reconcile, "not placed"),
            ],
        };
        await store.UpdateStatusAsync(workload, _ct);
        await store.CreateAsync(TestObjects.Deployment("web"), _ct);
        await store.CreateAsync(new Service { Metadata = new ObjectMeta { Name = "not-a-crd" } }, _ct);

        var summaries = await ObjectSummary.CollectAsync(store, WatchScope.AllNamespaces, _ct);

        Assert.Equal(["WorkloadDeployment", "Workload"], summaries.Select(s => s.Kind));
        var summary = summaries[1];
        Assert.Equal((ConditionStatus.False, Reasons.NoSuitableHost, "no host matches hostgroup=default"), (summary.Ready, summary.Reason, summary.Message));
        Assert.Equal(3, summary.Conditions.Count);
        Assert.Equal(ConditionStatus.Unknown, summaries[0].Ready);
    }

    [Fact]
    public async Task With_watched_namespaces_only_their_objects_and_the_operator_namespaces_hosts_are_listed()
    {
        var store = new InMemoryResourceStore();
        await store.CreateAsync(TestObjects.Deployment("watched", @namespace: "team-a"), _ct);
        await store.CreateAsync(TestObjects.Deployment("elsewhere", @namespace: "team-c"), _ct);
        await store.CreateAsync(TestObjects.Host("host-a", "H1", @namespace: "ops"), _ct);
        await store.CreateAsync(TestObjects.Host("stray", "H2", @namespace: "team-a"), _ct);

        var summaries = await ObjectSummary.CollectAsync(store, new WatchScope(["team-a", "team-b"], "ops"), _ct);

        Assert.Equal(["WorkloadDeployment team-a/watched", "Host ops/host-a"], summaries.Select(s => $"{s.Kind} {s.Namespace}/{s.Name}"));
    }

    [Fact]
    public void The_table_lines_up_its_columns()
    {
        var table = StatusEndpoints.Table(
        [
            new ObjectSummary("WorkloadDeployment", "default", "hello-world", 1, ConditionStatus.True, Reasons.Available, null, [], null),
            new ObjectSummary("Workload", "default", "hello-world-abc-x", 1, ConditionStatus.False, Reasons.NoSuitableHost, "no host\nmatches", [], null),
        ]);

        var lines = table.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("KIND", lines[0], StringComparison.Ordinal);
        Assert.Equal(lines[0].IndexOf("READY", StringComparison.Ordinal), lines[2].IndexOf("False", StringComparison.Ordinal));
        Assert.EndsWith("no host matches", lines[2], StringComparison.Ordinal);
        Assert.Contains("default/hello-world ", lines[1], StringComparison.Ordinal);
        Assert.Equal("KIND  NAMESPACE/NAME  READY  REASON  MESSAGE\n(no objects yet)\n", StatusEndpoints.Table([]));
    }

    private static Condition Condition(string type, string status, string reason, string? message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = s_now };
}
