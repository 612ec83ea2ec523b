using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.TestInfrastructure.Kubernetes;

namespace Wasmcloud.Silo.Tests.Clustering;

/// <summary>
/// Orleans' membership-table contract (the one its ADO.NET, Azure and Redis tables keep) for the Kubernetes table,
/// through the real KubernetesClient against the fake API server, with other silos' writes and 409s injected
/// between a write's read and its PUT.
/// </summary>
public sealed class KubernetesMembershipTableTests : IClassFixture<MembershipTableFixture>, IAsyncLifetime
{
    private static int s_generation;

    private readonly MembershipTableFixture _fixture;
    private readonly string _ns = FakeApiServerFixture.NewNamespace();
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly KubernetesMembershipTable _table;

    public KubernetesMembershipTableTests(MembershipTableFixture fixture)
    {
        _fixture = fixture;
        _table = fixture.Table(_ns, _clusterId);
    }

    private FakeApiServer Server => _fixture.Server;

    public async ValueTask InitializeAsync() => await _table.InitializeMembershipTable(tryInitTableVersion: true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero_and_is_one_object_in_the_namespace()
    {
        var data = await _table.ReadAll();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
        var stored = Stored();
        Assert.Equal((MembershipTableFixture.ServiceId, _clusterId), (stored["spec"]!["serviceId"]!.GetValue<string>(), stored["spec"]!["clusterId"]!.GetValue<string>()));
        Assert.Equal($"{MembershipTableFixture.ServiceId}.{_clusterId}", _table.ObjectName);

        // A second silo initialising the same cluster finds the table and leaves it alone.
        await _fixture.Table(_ns, _clusterId).InitializeMembershipTable(tryInitTableVersion: true);
        Assert.Equal(stored["metadata"]!["resourceVersion"]!.GetValue<string>(), Stored()["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_moves_the_version_and_its_etag_and_the_row_reads_back_whole()
    {
        var entry = Entry(SiloStatus.Joining);
        entry.SuspectTimes = [Tuple.Create(Address(), Seconds(DateTime.UtcNow)), Tuple.Create(Address(), Seconds(DateTime.UtcNow.AddSeconds(1)))];
        var before = (await _table.ReadAll()).Version;

        Assert.True(await _table.InsertRow(entry, before.Next()));

        var all = await _table.ReadAll();
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(before.VersionEtag, all.Version.VersionEtag);
        var (read, etag) = Assert.Single(all.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal((entry.SiloName, entry.HostName, entry.ProxyPort), (read.SiloName, read.HostName, read.ProxyPort));

        var row = await _table.ReadRow(entry.SiloAddress);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(etag, Assert.Single(row.Members).Item2);
        Assert.Empty((await _table.ReadRow(Address())).Members);
    }

    [Fact]
    public async Task Inserts_fail_on_a_stale_version_or_an_existing_row_and_change_nothing()
    {
        var entry = Entry(SiloStatus.Joining);
        var first = (await _table.ReadAll()).Version.Next();
        Assert.True(await _table.InsertRow(entry, first));

        Assert.False(await _table.InsertRow(entry, first));
        Assert.False(await _table.InsertRow(Entry(SiloStatus.Joining), first));
        var after = await _table.ReadAll();
        Assert.False(await _table.InsertRow(entry, after.Version.Next()));

        var final = await _table.ReadAll();
        Assert.Equal(after.Version, final.Version);
        Assert.Single(final.Members);
    }

    [Fact]
    public async Task Updates_need_both_the_row_etag_and_the_table_etag_and_a_failed_one_changes_nothing()
    {
        var entry = Entry(SiloStatus.Joining);
        var inserted = (await _table.ReadAll()).Version.Next();
        Assert.True(await _table.InsertRow(entry, inserted));
        var read = await _table.ReadAll();
        var rowEtag = read.TryGet(entry.SiloAddress)!.Item2;

        entry.Status = SiloStatus.Active;
        Assert.False(await _table.UpdateRow(entry, rowEtag, inserted), "an update with the version the insert used is stale");
        Assert.False(await _table.UpdateRow(entry, "not-the-etag", read.Version.Next()), "an update with a wrong row etag");
        Assert.Equal(SiloStatus.Joining, (await _table.ReadAll()).TryGet(entry.SiloAddress)!.Item1.Status);

        Assert.True(await _table.UpdateRow(entry, rowEtag, read.Version.Next()));
        Assert.False(await _table.UpdateRow(entry, rowEtag, read.Version.Next()), "the same update again: both etags are spent");
        Assert.False(await _table.UpdateRow(Entry(SiloStatus.Active), rowEtag, (await _table.ReadAll()).Version.Next()), "a silo with no row");

        var final = await _table.ReadAll();
        var (row, newEtag) = final.TryGet(entry.SiloAddress)!;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.NotEqual(rowEtag, newEtag);
        Assert.Equal(2, final.Version.Version);
    }

    [Fact]
    public async Task Of_twenty_silos_inserting_the_same_row_at_once_exactly_one_wins()
    {
        var entry = Entry(SiloStatus.Joining);
        var version = (await _table.ReadAll()).Version.Next();
        var silos = Enumerable.Range(0, 20).Select(_ => _fixture.Table(_ns, _clusterId)).ToList();

        var results = await Task.WhenAll(silos.Select(s => s.InsertRow(entry, version)));

        Assert.Single(results, won => won);
        Assert.Single((await _table.ReadAll()).Members);
    }

    [Fact]
    public async Task Concurrent_updates_retried_on_conflict_each_land_exactly_once()
    {
        var entry = Entry(SiloStatus.Joining);
        Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        var silos = Enumerable.Range(0, 10).Select(_ => _fixture.Table(_ns, _clusterId)).ToList();

        // Each silo adds its own suspicion vote, re-reading and retrying on false as Orleans' table manager does.
        await Task.WhenAll(silos.Select(async (silo, index) =>
        {
            var voter = SiloAddress.New(IPAddress.Loopback, 20_000 + index, 1);
            while (true)
            {
                var data = await silo.ReadAll();
                var (row, etag) = data.TryGet(entry.SiloAddress)!;
                row.AddSuspector(voter, Seconds(DateTime.UtcNow));
                if (await silo.UpdateRow(row, etag, data.Version.Next()))
                {
                    return;
                }
            }
        }));

        var final = await _table.ReadAll();
        Assert.Equal(11, final.Version.Version);
        Assert.Equal(10, final.TryGet(entry.SiloAddress)!.Item1.SuspectTimes!.Count);
    }

    [Fact]
    public async Task IAmAlive_records_the_time_and_leaves_the_version_and_the_row_etag_alone()
    {
        var entry = Entry(SiloStatus.Active);
        Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        var before = await _table.ReadAll();
        var alive = Seconds(DateTime.UtcNow.AddSeconds(5));

        await _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var after = await _table.ReadAll();
        Assert.Equal(before.Version, after.Version);
        var (row, etag) = after.TryGet(entry.SiloAddress)!;
        Assert.Equal(alive, row.IAmAliveTime);
        Assert.Equal(before.TryGet(entry.SiloAddress)!.Item2, etag);
        Assert.Equal(SiloStatus.Active, row.Status);

        // An update based on the read before the heartbeat still goes through: heartbeats are not conflicts.
        entry.Status = SiloStatus.ShuttingDown;
        Assert.True(await _table.UpdateRow(entry, etag, before.Version.Next()));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = Address(), IAmAliveTime = alive }));
    }

    [Fact]
    public async Task Cleanup_removes_only_silos_that_are_not_active_and_silent_since_the_cutoff()
    {
        var version = (await _table.ReadAll()).Version;
        var kept = new List<MembershipEntry> { Entry(SiloStatus.Joining), Aged(Entry(SiloStatus.Active), days: 10) };
        var removed = Enum.GetValues<SiloStatus>().Where(s => s != SiloStatus.Active).Select(s => Aged(Entry(s), days: 10)).ToList();
        foreach (var entry in kept.Concat(removed))
        {
            Assert.True(await _table.InsertRow(entry, version.Next()));
            version = (await _table.ReadAll()).Version;
        }

        await _table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddDays(-7));

        var after = await _table.ReadAll();
        Assert.Equal(kept.Select(e => e.SiloAddress).Order(), after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(version, after.Version);
    }

    [Fact]
    public async Task Deleting_the_entries_removes_the_object_and_the_table_reads_empty()
    {
        Assert.True(await _table.InsertRow(Entry(SiloStatus.Active), (await _table.ReadAll()).Version.Next()));

        await _table.DeleteMembershipTableEntries(_clusterId);

        Assert.Null(StoredOrNull());
        var data = await _table.ReadAll();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        await _table.DeleteMembershipTableEntries(_clusterId);
    }

    [Fact]
    public async Task Clients_get_the_gateways_of_active_silos_with_a_gateway_port()
    {
        var active = Entry(SiloStatus.Active);
        var noGateway = Entry(SiloStatus.Active);
        noGateway.ProxyPort = 0;
        var joining = Entry(SiloStatus.Joining);
        var version = (await _table.ReadAll()).Version;
        foreach (var entry in new[] { active, noGateway, joining })
        {
            Assert.True(await _table.InsertRow(entry, version.Next()));
            version = (await _table.ReadAll()).Version;
        }

        var gateways = new KubernetesGatewayListProvider(_fixture.Table(_ns, _clusterId), Options.Create(new GatewayOptions()));
        await gateways.InitializeGatewayListProvider();

        var uri = Assert.Single(await gateways.GetGateways());
        Assert.Equal(SiloAddress.New(active.SiloAddress.Endpoint.Address, active.ProxyPort, active.SiloAddress.Generation).ToGatewayUri(), uri);
    }

    [Fact]
    public async Task A_heartbeat_landing_between_an_updates_read_and_its_write_is_kept_and_the_update_still_lands()
    {
        var mine = Entry(SiloStatus.Joining);
        var other = Entry(SiloStatus.Active);
        Assert.True(await _table.InsertRow(mine, (await _table.ReadAll()).Version.Next()));
        Assert.True(await _table.InsertRow(other, (await _table.ReadAll()).Version.Next()));
        var read = await _table.ReadAll();
        var otherSilo = _fixture.Table(_ns, _clusterId);
        var alive = Seconds(DateTime.UtcNow.AddMinutes(1));
        Server.Faults.BeforeNext(IsTableWrite, _ => otherSilo.UpdateIAmAlive(new MembershipEntry { SiloAddress = other.SiloAddress, IAmAliveTime = alive }).GetAwaiter().GetResult());

        mine.Status = SiloStatus.Active;
        Assert.True(await _table.UpdateRow(mine, read.TryGet(mine.SiloAddress)!.Item2, read.Version.Next()));

        var after = await _table.ReadAll();
        Assert.Equal(SiloStatus.Active, after.TryGet(mine.SiloAddress)!.Item1.Status);
        Assert.Equal(alive, after.TryGet(other.SiloAddress)!.Item1.IAmAliveTime);
        Assert.Contains(Server.Requests, r => IsTableWrite(r) && r.Status == 409);
    }

    [Fact]
    public async Task Another_silos_versioned_write_between_a_read_and_a_write_makes_the_write_fail_without_undoing_it()
    {
        var mine = Entry(SiloStatus.Joining);
        Assert.True(await _table.InsertRow(mine, (await _table.ReadAll()).Version.Next()));
        var read = await _table.ReadAll();
        var otherSilo = _fixture.Table(_ns, _clusterId);
        var joiner = Entry(SiloStatus.Joining);
        Server.Faults.BeforeNext(IsTableWrite, _ => Assert.True(otherSilo.InsertRow(joiner, read.Version.Next()).GetAwaiter().GetResult()));

        mine.Status = SiloStatus.Active;
        Assert.False(await _table.UpdateRow(mine, read.TryGet(mine.SiloAddress)!.Item2, read.Version.Next()));

        var after = await _table.ReadAll();
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(SiloStatus.Joining, after.TryGet(mine.SiloAddress)!.Item1.Status);
        Assert.NotNull(after.TryGet(joiner.SiloAddress));
    }

    [Fact]
    public async Task The_first_insert_racing_the_tables_creation_is_checked_against_what_was_created()
    {
        var ns = FakeApiServerFixture.NewNamespace();
        var late = _fixture.Table(ns, _clusterId);
        var early = _fixture.Table(ns, _clusterId);
        var earlyEntry = Entry(SiloStatus.Joining);
        // Neither initialised the table; the late silo's create finds the early silo's insert already there.
        Server.Faults.BeforeNext(
            r => r.Verb == "create" && r.Plural == KubernetesMembershipTable.Plural && r.Namespace == ns,
            _ => Assert.True(early.InsertRow(earlyEntry, new TableVersion(1, "0")).GetAwaiter().GetResult()));

        Assert.False(await late.InsertRow(Entry(SiloStatus.Joining), new TableVersion(1, "0")));

        var data = await late.ReadAll();
        Assert.Equal(earlyEntry.SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Conflicts_that_never_end_surface_as_an_error_after_the_configured_attempts_and_write_nothing()
    {
        var impatient = _fixture.Table(_ns, _clusterId, maxWriteAttempts: 3);
        var entry = Entry(SiloStatus.Joining);
        var version = (await impatient.ReadAll()).Version.Next();
        Server.Faults.FailNext(3, 409, IsTableWrite);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => impatient.InsertRow(entry, version));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Empty((await impatient.ReadAll()).Members);
        Server.Faults.FailNext(2, 409, IsTableWrite);
        Assert.True(await impatient.InsertRow(entry, version));
    }

    [Fact]
    public async Task Heartbeats_of_many_silos_at_once_are_all_kept()
    {
        var entries = Enumerable.Range(0, 6).Select(_ => Entry(SiloStatus.Active)).ToList();
        foreach (var entry in entries)
        {
            Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        }

        var version = (await _table.ReadAll()).Version;
        var alive = Seconds(DateTime.UtcNow.AddMinutes(2));
        await Task.WhenAll(entries.Select(e => _fixture.Table(_ns, _clusterId, maxWriteAttempts: 50).UpdateIAmAlive(new MembershipEntry { SiloAddress = e.SiloAddress, IAmAliveTime = alive })));

        var after = await _table.ReadAll();
        Assert.All(after.Members, m => Assert.Equal(alive, m.Item1.IAmAliveTime));
        Assert.Equal(version, after.Version);
    }

    [Fact]
    public async Task A_table_object_of_another_cluster_under_the_same_name_is_refused_with_a_clear_error()
    {
        var stored = Stored();
        stored["spec"]!["clusterId"] = "someone-else";
        Server.Store.Put(Resource(), stored);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _table.ReadAll());

        Assert.Contains("someone-else", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wasmcloud", "prod", "wasmcloud.prod")]
    [InlineData("My Service", "Cluster_1", null)]
    public void Object_names_are_valid_kubernetes_names_and_distinct_per_cluster(string serviceId, string clusterId, string? expected)
    {
        var name = MembershipTableName.For(serviceId, clusterId);

        Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", name);
        Assert.True(name.Length <= 253);
        if (expected is not null)
        {
            Assert.Equal(expected, name);
        }

        Assert.NotEqual(name, MembershipTableName.For(serviceId, clusterId + "x"));
        Assert.NotEqual(MembershipTableName.For("a", "B"), MembershipTableName.For("a", "b-"));
        Assert.True(MembershipTableName.For("s", new string('c', 400)).Length <= 253);
    }

    private bool IsTableWrite(FakeApiServerRequest request) =>
        request.Verb is "update" or "create" && request.Plural == KubernetesMembershipTable.Plural && request.Namespace == _ns;

    private FakeApiServerResource Resource() =>
        Server.Store.Resource(KubernetesMembershipTable.Group, KubernetesMembershipTable.ApiVersion, KubernetesMembershipTable.Plural, namespaced: true);

    private JsonObject? StoredOrNull() => Server.Store.TryGet(Resource(), _ns, _table.ObjectName);

    private JsonObject Stored() => (JsonObject)(StoredOrNull() ?? throw new InvalidOperationException("no table object")).DeepClone();

    private static MembershipEntry Aged(MembershipEntry entry, int days)
    {
        entry.StartTime = entry.StartTime.AddDays(-days);
        entry.IAmAliveTime = entry.IAmAliveTime.AddDays(-days);
        return entry;
    }

    private static SiloAddress Address() => SiloAddress.New(IPAddress.Loopback, 11111, Interlocked.Increment(ref s_generation));

    private static MembershipEntry Entry(SiloStatus status)
    {
        var address = Address();
        return new MembershipEntry
        {
            SiloAddress = address,
            HostName = "host-a",
            SiloName = $"silo-{address.Generation}",
            Status = status,
            ProxyPort = 30000,
            StartTime = Seconds(DateTime.UtcNow),
            IAmAliveTime = Seconds(DateTime.UtcNow),
        };
    }

    private static DateTime Seconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
