using Wasmcloud.HostRuntime.Plugins.Messaging;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Tests.Plugins;

/// <summary>The default messaging queue group: one per deployment, derived from what the start command carries.</summary>
public sealed class QueueGroupsTests
{
    private static Workload Workload(string name, params (string Key, string Value)[] annotations)
    {
        var workload = new Workload { Namespace = "shop", Name = name };
        foreach (var (key, value) in annotations)
        {
            workload.Annotations[key] = value;
        }

        return workload;
    }

    [Fact]
    public void Replicas_made_by_a_replica_set_share_their_deployment_s_group()
    {
        var first = Workload("orders-api-7c9d4f8b6-x2k9q", (QueueGroups.TemplateHashAnnotation, "5b8d6f7c9"));
        var second = Workload("orders-api-7c9d4f8b6-m4p7z", (QueueGroups.TemplateHashAnnotation, "5b8d6f7c9"));

        Assert.Equal("wasmcloud.shop.orders-api.handler", QueueGroups.DefaultFor(first, "handler"));
        Assert.Equal(QueueGroups.DefaultFor(first, "handler"), QueueGroups.DefaultFor(second, "handler"));
    }

    [Fact]
    public void Replicas_of_a_rolled_out_template_stay_in_the_same_group()
    {
        var old = Workload("orders-7c9d4f8b6-x2k9q", (QueueGroups.TemplateHashAnnotation, "5b8d6f7c9"));
        var rolled = Workload("orders-66b5d9c7f-q8w2e", (QueueGroups.TemplateHashAnnotation, "9f7c6d5b8"));

        Assert.Equal(QueueGroups.DefaultFor(old, "h"), QueueGroups.DefaultFor(rolled, "h"));
    }

    [Fact]
    public void A_workload_created_on_its_own_is_its_own_group()
    {
        Assert.Equal("wasmcloud.shop.my-worker-1.h", QueueGroups.DefaultFor(Workload("my-worker-1"), "h"));
    }

    [Fact]
    public void An_explicit_deployment_annotation_wins()
    {
        var workload = Workload("anything-1-2", (QueueGroups.DeploymentAnnotation, "payments"), (QueueGroups.TemplateHashAnnotation, "x"));

        Assert.Equal("wasmcloud.shop.payments.h", QueueGroups.DefaultFor(workload, "h"));
    }

    [Fact]
    public void Characters_nats_forbids_in_a_group_are_replaced()
    {
        Assert.Equal("wasmcloud.shop.a_b.my_component", QueueGroups.DefaultFor(Workload("a.b"), "my component"));
    }

    [Theory]
    [InlineData("orders.>", true)]
    [InlineData("orders.*.new", true)]
    [InlineData("orders", true)]
    [InlineData("orders..new", false)]
    [InlineData("orders.>.new", false)]
    [InlineData("orders.ne*", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    public void Subscriptions_must_be_nats_subjects(string subject, bool valid)
    {
        Assert.Equal(valid, MessagingSettings.IsSubject(subject, wildcards: true));
    }

    [Fact]
    public void Consumer_group_broadcast_means_no_queue_group_and_a_name_overrides_the_default()
    {
        var config = new Dictionary<string, string> { ["subscriptions"] = "a, b.>", ["consumer_group"] = "broadcast" };
        var broadcast = MessagingSettings.Parse(config, "wasmcloud.ns.d.c");
        Assert.Null(broadcast.QueueGroup);
        Assert.Equal(["a", "b.>"], broadcast.Subscriptions);

        config["consumer_group"] = "workers";
        Assert.Equal("workers", MessagingSettings.Parse(config, "wasmcloud.ns.d.c").QueueGroup);

        config.Remove("consumer_group");
        Assert.Equal("wasmcloud.ns.d.c", MessagingSettings.Parse(config, "wasmcloud.ns.d.c").QueueGroup);
    }

    [Fact]
    public void Max_in_flight_defaults_to_32_and_must_be_a_sensible_number()
    {
        Assert.Equal(32, MessagingSettings.Parse(new Dictionary<string, string>(), "g").MaxInFlight);
        Assert.Equal(4, MessagingSettings.Parse(new Dictionary<string, string> { ["max_in_flight"] = "4" }, "g").MaxInFlight);

        var error = Assert.Throws<WorkloadStartException>(() => MessagingSettings.Parse(new Dictionary<string, string> { ["max_in_flight"] = "0" }, "g"));
        Assert.Equal("wasmcloud:messaging: max_in_flight '0' is not a whole number from 1 to 1024", error.Message);
        Assert.Throws<WorkloadStartException>(() => MessagingSettings.Parse(new Dictionary<string, string> { ["max_in_flight"] = "lots" }, "g"));
    }
}
