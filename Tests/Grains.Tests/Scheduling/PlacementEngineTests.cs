using Wasmcloud.Grains.Abstractions.Scheduling;
using Wasmcloud.Grains.Scheduling;

namespace Wasmcloud.Grains.Tests.Scheduling;

public sealed class PlacementEngineTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Selector_matches_labels_exactly_and_requires_every_entry()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("eu-gpu", labels: new() { ["hostgroup"] = "gpu", ["zone"] = "eu" }));
        engine.UpsertHost(Host("us-gpu", labels: new() { ["hostgroup"] = "gpu", ["zone"] = "us" }));
        engine.UpsertHost(Host("upper", labels: new() { ["hostgroup"] = "GPU", ["zone"] = "eu" }));
        engine.UpsertHost(Host("prefix", labels: new() { ["hostgroup"] = "gpu-large", ["zone"] = "eu" }));

        for (var i = 0; i < 10; i++)
        {
            var decision = engine.Place(Request($"ns/eu-{i}", selector: new() { ["hostgroup"] = "gpu", ["zone"] = "eu" }));
            Assert.Equal("eu-gpu", decision.HostId);
        }

        // eu-gpu already holds ten workloads, so fifteen more fill us-gpu first and then share both.
        var anyZone = new HashSet<string?>();
        for (var i = 0; i < 15; i++)
        {
            anyZone.Add(engine.Place(Request($"ns/any-{i}", selector: new() { ["hostgroup"] = "gpu" })).HostId);
        }

        Assert.Equal(["eu-gpu", "us-gpu"], anyZone.Order());
    }

    [Fact]
    public void Empty_selector_and_no_environment_accept_every_ready_host()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", labels: new() { ["hostgroup"] = "gpu" }, environment: "prod"));
        engine.UpsertHost(Host("b"));

        var used = new HashSet<string?>();
        for (var i = 0; i < 6; i++)
        {
            used.Add(engine.Place(Request($"ns/w{i}")).HostId);
        }

        Assert.Equal(["a", "b"], used.Order());
    }

    [Fact]
    public void Hosts_that_are_not_ready_are_never_chosen_until_they_become_ready()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("sick", ready: false, freeGiB: 64));
        engine.UpsertHost(Host("healthy", freeGiB: 1));

        Assert.Equal("healthy", engine.Place(Request("ns/first")).HostId);

        engine.UpsertHost(Host("sick", ready: true, freeGiB: 64));
        Assert.Equal("sick", engine.Place(Request("ns/second")).HostId);

        engine.UpsertHost(Host("sick", ready: false, freeGiB: 64));
        Assert.Equal("healthy", engine.Place(Request("ns/third")).HostId);
    }

    [Fact]
    public void Environment_restricts_hosts_to_that_environment_and_null_means_any()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("prod-host", environment: "prod", freeGiB: 1));
        engine.UpsertHost(Host("dev-host", environment: "dev", freeGiB: 32));
        engine.UpsertHost(Host("shared-host", environment: null, freeGiB: 16));

        var prod = engine.Place(Request("prod/api", environment: "prod"));
        Assert.Equal("prod-host", prod.HostId);
        Assert.Equal("prod", prod.HostEnvironment);

        Assert.Equal("dev-host", engine.Place(Request("dev/api", environment: "dev")).HostId);
        Assert.Equal("dev-host", engine.Place(Request("any/api")).HostId);
        Assert.False(engine.Place(Request("staging/api", environment: "staging")).Placed);
    }

    [Fact]
    public void Replicas_of_one_group_land_on_distinct_hosts_even_when_one_host_is_much_bigger()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("big", freeGiB: 256));
        engine.UpsertHost(Host("small-1", freeGiB: 2));
        engine.UpsertHost(Host("small-2", freeGiB: 2));

        var hosts = new[] { "ns/web-0", "ns/web-1", "ns/web-2" }
            .Select(key => engine.Place(Request(key, group: "ns/web-abc123", memoryGiB: 1)).HostId)
            .ToList();

        Assert.Equal(["big", "small-1", "small-2"], hosts.Order());
    }

    [Fact]
    public void More_replicas_than_hosts_are_spread_evenly()
    {
        var engine = new PlacementEngine();
        for (var i = 0; i < 3; i++)
        {
            engine.UpsertHost(Host($"h{i}", freeGiB: 4 + i));
        }

        for (var i = 0; i < 7; i++)
        {
            Assert.True(engine.Place(Request($"ns/web-{i}", group: "ns/web")).Placed);
        }

        var counts = engine.Snapshot().PlacedPerHost.Values.Order().ToList();
        Assert.Equal([2, 2, 3], counts);
    }

    [Fact]
    public void Avoided_hosts_are_skipped_while_anything_else_fits()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("refused", freeGiB: 64));
        engine.UpsertHost(Host("other", freeGiB: 1));

        var decision = engine.Place(Request("ns/web", avoid: ["refused"]));

        Assert.Equal("other", decision.HostId);
        Assert.Contains("skipped 1 host that recently refused or lost this workload", decision.Explanation);
    }

    [Fact]
    public void Avoided_hosts_are_used_as_a_last_resort()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("refused", freeGiB: 64));
        engine.UpsertHost(Host("lost", freeGiB: 1));
        engine.UpsertHost(Host("wrong-group", labels: new() { ["hostgroup"] = "cpu" }));

        var decision = engine.Place(Request(
            "ns/web", selector: new() { ["hostgroup"] = "default" }, avoid: ["refused", "lost"]));

        Assert.Equal("refused", decision.HostId);
        Assert.Contains("every one of them recently refused or lost this workload", decision.Explanation);
    }

    [Fact]
    public void Avoiding_beats_spreading()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a"));
        engine.UpsertHost(Host("b"));
        engine.Assign("ns/web-0", "a", "ns/web", 0);

        Assert.Equal("a", engine.Place(Request("ns/web-1", group: "ns/web", avoid: ["b"])).HostId);
    }

    [Fact]
    public void Host_with_most_free_memory_wins_and_our_own_placements_use_it_up()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("roomy", freeGiB: 10));
        engine.UpsertHost(Host("tight", freeGiB: 4));

        // roomy: 10 → 7 → 4 (ties with tight at 4, then fewer workloads wins) → ...
        var first = engine.Place(Request("ns/a", memoryGiB: 3)).HostId;
        var second = engine.Place(Request("ns/b", memoryGiB: 3)).HostId;
        var third = engine.Place(Request("ns/c", memoryGiB: 3)).HostId;

        Assert.Equal(("roomy", "roomy", "tight"), (first, second, third));
    }

    [Fact]
    public void With_equal_free_memory_the_host_with_fewer_workloads_wins()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("busy", freeGiB: 8, reportedWorkloads: 12));
        engine.UpsertHost(Host("quiet", freeGiB: 8, reportedWorkloads: 3));

        Assert.Equal("quiet", engine.Place(Request("ns/a")).HostId);
    }

    [Fact]
    public void A_burst_onto_hosts_whose_free_memory_differs_by_a_few_bytes_spreads_by_workload_count()
    {
        var engine = new PlacementEngine();
        for (var i = 0; i < 4; i++)
        {
            var host = Host($"h{i}", freeGiB: 8) with { MemoryTotalBytes = 16L << 30 };
            engine.UpsertHost(host with { MemoryFreeBytes = host.MemoryFreeBytes + (i * 4096) });
        }

        var placements = Enumerable.Range(0, 8).Select(i => engine.Place(Request($"ns/solo-{i}")).HostId).ToList();

        Assert.All(placements.GroupBy(h => h), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void Heartbeats_refresh_free_memory_without_losing_our_assignments()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", freeGiB: 8));
        engine.UpsertHost(Host("b", freeGiB: 4));
        Assert.Equal("a", engine.Place(Request("ns/first", group: "g", memoryGiB: 1)).HostId);

        engine.UpsertHost(Host("a", freeGiB: 2));
        Assert.Equal("b", engine.Place(Request("ns/other")).HostId);
        Assert.Equal("a", engine.HostOf("ns/first"));
        Assert.Equal(1, engine.Snapshot().PlacedPerHost["a"]);
    }

    [Fact]
    public void Same_seed_and_inputs_give_the_same_placements_and_another_seed_may_differ()
    {
        var first = PlaceOnIdenticalHosts(seed: 1);
        var again = PlaceOnIdenticalHosts(seed: 1);
        var otherSeed = PlaceOnIdenticalHosts(seed: 2);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);

        // Ties between identical hosts are broken per workload, not by always picking the same host.
        Assert.True(first.Distinct().Count() >= 5, $"ties went to only {first.Distinct().Count()} hosts");
    }

    [Fact]
    public void Host_insertion_order_does_not_change_placements()
    {
        var forward = new PlacementEngine(seed: 7);
        var backward = new PlacementEngine(seed: 7);
        var hosts = Enumerable.Range(0, 20).Select(i => Host($"h{i:00}", freeGiB: 4 + (i % 3))).ToList();
        hosts.ForEach(forward.UpsertHost);
        Enumerable.Reverse(hosts).ToList().ForEach(backward.UpsertHost);

        for (var i = 0; i < 100; i++)
        {
            var request = Request($"ns/w{i}", group: $"g{i / 4}", memoryGiB: 1);
            Assert.Equal(forward.Place(request).HostId, backward.Place(request).HostId);
        }
    }

    [Fact]
    public void RemoveHost_returns_the_workloads_that_were_on_it_and_forgets_them()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("doomed"));
        engine.UpsertHost(Host("survivor"));
        engine.Assign("ns/b", "doomed", "g", GiB);
        engine.Assign("ns/a", "doomed", "g", GiB);
        engine.Assign("ns/c", "survivor", "g", GiB);

        var evicted = engine.RemoveHost("doomed");

        Assert.Equal(["ns/a", "ns/b"], evicted);
        Assert.Null(engine.HostOf("ns/a"));
        Assert.Equal("survivor", engine.HostOf("ns/c"));
        Assert.DoesNotContain(engine.Snapshot().Hosts, h => h.HostId == "doomed");
        Assert.Equal("survivor", engine.Place(Request("ns/a", group: "g")).HostId);
        Assert.Empty(engine.RemoveHost("never-heard-of"));
    }

    [Fact]
    public void Release_frees_the_spread_slot_of_the_group()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", freeGiB: 8));
        engine.UpsertHost(Host("b", freeGiB: 4));
        Assert.Equal("a", engine.Place(Request("ns/web-0", group: "web")).HostId);
        Assert.Equal("b", engine.Place(Request("ns/web-1", group: "web")).HostId);

        engine.Release("ns/web-1");

        // Without the release both hosts would hold one replica and the roomier "a" would win.
        Assert.Null(engine.HostOf("ns/web-1"));
        Assert.Equal("b", engine.Place(Request("ns/web-2", group: "web")).HostId);
    }

    [Fact]
    public void Release_gives_the_memory_back()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", freeGiB: 8));
        engine.UpsertHost(Host("b", freeGiB: 6));
        Assert.Equal("a", engine.Place(Request("ns/big", memoryGiB: 4)).HostId);
        Assert.Equal("b", engine.Place(Request("ns/next", memoryGiB: 1)).HostId);

        engine.Release("ns/big");
        engine.Release("ns/never-placed");

        Assert.Equal("a", engine.Place(Request("ns/after", memoryGiB: 1)).HostId);
    }

    [Fact]
    public void Placing_an_assigned_workload_again_moves_it()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", freeGiB: 8));
        engine.UpsertHost(Host("b", freeGiB: 4));
        Assert.Equal("a", engine.Place(Request("ns/web", group: "web", memoryGiB: 1)).HostId);

        Assert.Equal("b", engine.Place(Request("ns/web", group: "web", memoryGiB: 1, avoid: ["a"])).HostId);

        Assert.Equal("b", engine.HostOf("ns/web"));
        var placed = engine.Snapshot().PlacedPerHost;
        Assert.Equal((0, 1), (placed["a"], placed["b"]));
    }

    [Fact]
    public void A_failed_placement_leaves_the_workload_unassigned()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a"));
        engine.Place(Request("ns/web"));
        engine.UpsertHost(Host("a", ready: false));

        var decision = engine.Place(Request("ns/web"));

        Assert.False(decision.Placed);
        Assert.Null(decision.HostEnvironment);
        Assert.Null(engine.HostOf("ns/web"));
    }

    [Fact]
    public void Assignments_rebuilt_before_their_host_reports_still_count_once_it_does()
    {
        var engine = new PlacementEngine();
        engine.Assign("ns/web-0", "late", "web", 0);
        Assert.Equal("late", engine.HostOf("ns/web-0"));
        Assert.Empty(engine.Snapshot().Hosts);

        engine.UpsertHost(Host("late", freeGiB: 64));
        engine.UpsertHost(Host("early", freeGiB: 1));

        Assert.Equal("early", engine.Place(Request("ns/web-1", group: "web")).HostId);
    }

    [Fact]
    public void Relabelled_hosts_are_picked_up_by_later_placements()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", labels: new() { ["hostgroup"] = "cpu" }));
        var gpu = new Dictionary<string, string> { ["hostgroup"] = "gpu" };
        Assert.False(engine.Place(Request("ns/first", selector: gpu)).Placed);

        engine.UpsertHost(Host("a", labels: new() { ["hostgroup"] = "gpu" }));

        Assert.Equal("a", engine.Place(Request("ns/second", selector: gpu)).HostId);
    }

    [Fact]
    public void Snapshot_lists_hosts_by_name_with_their_placements_and_counts_decisions()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("id-2", name: "zeta"));
        engine.UpsertHost(Host("id-1", name: "alpha"));
        engine.Place(Request("ns/a"));
        engine.Place(Request("ns/b", environment: "nowhere"));

        var snapshot = engine.Snapshot();

        Assert.Equal(["alpha", "zeta"], snapshot.Hosts.Select(h => h.Name));
        Assert.Equal(1, snapshot.PlacedPerHost.Values.Sum());
        Assert.Equal(2, snapshot.Decisions);
    }

    [Fact]
    public void Success_explains_the_choice_with_name_id_eligibility_spread_and_free_memory()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("h-1", name: "brave-otter", freeGiB: 3.1));
        engine.UpsertHost(Host("h-2", name: "calm-lynx", freeGiB: 1));
        engine.UpsertHost(Host("h-3", name: "gpu-box", labels: new() { ["hostgroup"] = "gpu" }));

        var decision = engine.Place(Request(
            "ns/web-0", group: "web", selector: new() { ["hostgroup"] = "default" }, memoryGiB: 1));

        Assert.Equal(
            "placed on brave-otter (h-1): 2 of 3 hosts eligible; 0 replicas of this group there; 3.1 GiB free, 0 workloads",
            decision.Explanation);
    }

    [Fact]
    public void Failure_explains_which_filter_left_no_host()
    {
        var engine = new PlacementEngine();
        Assert.Equal("no suitable host: no hosts known yet", engine.Place(Request("ns/a")).Explanation);

        engine.UpsertHost(Host("a", labels: new() { ["hostgroup"] = "cpu" }, environment: "dev"));
        engine.UpsertHost(Host("b", labels: new() { ["hostgroup"] = "edge" }, environment: "dev"));
        engine.UpsertHost(Host("c", labels: new() { ["hostgroup"] = "gpu" }, environment: "prod", ready: false));

        Assert.Equal(
            "no suitable host: 3 hosts known; 0 match hostSelector {hostgroup=tpu} (hostgroup values seen: cpu, edge, gpu)",
            engine.Place(Request("ns/a", selector: new() { ["hostgroup"] = "tpu" })).Explanation);
        Assert.Equal(
            "no suitable host: 3 hosts known; 0 match hostSelector {rack=r1} (no host has label \"rack\")",
            engine.Place(Request("ns/a", selector: new() { ["rack"] = "r1" })).Explanation);
        Assert.Equal(
            "no suitable host: 3 hosts known; 1 match hostSelector {hostgroup=cpu} but none in environment \"prod\"" +
            " (environments seen: dev, prod)",
            engine.Place(Request("ns/a", selector: new() { ["hostgroup"] = "cpu" }, environment: "prod")).Explanation);
        Assert.Equal(
            "no suitable host: 3 hosts known; none in environment \"staging\" (environments seen: dev, prod)",
            engine.Place(Request("ns/a", environment: "staging")).Explanation);
        Assert.Equal(
            "no suitable host: 3 hosts known; 1 match hostSelector {hostgroup=gpu} but none is ready",
            engine.Place(Request("ns/a", selector: new() { ["hostgroup"] = "gpu" })).Explanation);
        Assert.Equal(
            "no suitable host: 3 hosts known; 1 match hostSelector {hostgroup=gpu} in environment \"prod\" but none is ready",
            engine.Place(Request("ns/a", selector: new() { ["hostgroup"] = "gpu" }, environment: "prod")).Explanation);
        Assert.Equal(
            "no suitable host: 3 hosts known; 1 in environment \"prod\" but none is ready",
            engine.Place(Request("ns/a", environment: "prod")).Explanation);
    }

    [Fact]
    public void Failure_explains_a_selector_whose_labels_never_meet_on_one_host()
    {
        var engine = new PlacementEngine();
        engine.UpsertHost(Host("a", labels: new() { ["hostgroup"] = "gpu", ["zone"] = "us" }));
        engine.UpsertHost(Host("b", labels: new() { ["hostgroup"] = "cpu", ["zone"] = "eu" }));

        var decision = engine.Place(Request("ns/a", selector: new() { ["zone"] = "eu", ["hostgroup"] = "gpu" }));

        Assert.Equal(
            "no suitable host: 2 hosts known; 0 match hostSelector {hostgroup=gpu, zone=eu}" +
            " (each label matches some host, but no host has them all)",
            decision.Explanation);
    }

    [Fact]
    public void Places_ten_thousand_workloads_on_a_thousand_hosts_and_levels_free_memory()
    {
        const double WorkloadGiB = 0.25;
        var engine = new PlacementEngine();
        for (var i = 0; i < 1_000; i++)
        {
            engine.UpsertHost(Host($"host-{i}", labels: new() { ["hostgroup"] = $"g{i % 4}" }, freeGiB: 8 + (i % 5) * 4));
        }

        var selectors = Enumerable.Range(0, 4)
            .Select(g => new Dictionary<string, string> { ["hostgroup"] = $"g{g}" })
            .ToArray();
        for (var i = 0; i < 10_000; i++)
        {
            var decision = engine.Place(Request($"ns/w{i}", group: $"rs{i / 4}", selector: selectors[i / 4 % 4], memoryGiB: WorkloadGiB));
            Assert.True(decision.Placed);
        }

        var snapshot = engine.Snapshot();
        Assert.Equal(10_000, snapshot.PlacedPerHost.Values.Sum());

        // Water-filling: no host is left with noticeably more free memory than a host that received work. One
        // step of slack for the workload itself, one for the spread rule sending a replica to the runner-up.
        foreach (var group in snapshot.Hosts.GroupBy(h => h.Labels["hostgroup"]))
        {
            var free = group.Select(h => (
                Placed: snapshot.PlacedPerHost[h.HostId],
                FreeGiB: (double)h.MemoryFreeBytes / GiB - snapshot.PlacedPerHost[h.HostId] * WorkloadGiB)).ToList();
            var mostFree = free.Max(f => f.FreeGiB);
            var leastFreeThatGotWork = free.Where(f => f.Placed > 0).Min(f => f.FreeGiB);
            Assert.InRange(mostFree - leastFreeThatGotWork, 0, 2 * WorkloadGiB + 1e-9);
        }
    }

    private static List<string?> PlaceOnIdenticalHosts(int seed)
    {
        var engine = new PlacementEngine(seed);
        for (var i = 0; i < 10; i++)
        {
            engine.UpsertHost(Host($"h{i}"));
        }

        var hosts = new List<string?>();
        for (var i = 0; i < 50; i++)
        {
            // Releasing keeps the hosts identical, so every choice is the tie-break alone.
            hosts.Add(engine.Place(Request($"ns/w{i}")).HostId);
            engine.Release($"ns/w{i}");
        }

        return hosts;
    }

    private static HostInventoryEntry Host(
        string id,
        string? name = null,
        Dictionary<string, string>? labels = null,
        string? environment = null,
        bool ready = true,
        double freeGiB = 8,
        long reportedWorkloads = 0) => new()
        {
            HostId = id,
            Name = name ?? id,
            Labels = labels ?? new Dictionary<string, string> { ["hostgroup"] = "default" },
            Environment = environment,
            Ready = ready,
            MemoryFreeBytes = (long)(freeGiB * GiB),
            MemoryTotalBytes = 64 * GiB,
            ReportedWorkloads = reportedWorkloads,
        };

    private static PlacementRequest Request(
        string key,
        string? group = null,
        Dictionary<string, string>? selector = null,
        string? environment = null,
        string[]? avoid = null,
        double memoryGiB = 0) => new()
        {
            WorkloadKey = key,
            SpreadGroup = group,
            HostSelector = selector ?? [],
            Environment = environment,
            AvoidHosts = avoid ?? [],
            MemoryBytes = (long)(memoryGiB * GiB),
        };
}
