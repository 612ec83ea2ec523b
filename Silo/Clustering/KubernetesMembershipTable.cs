using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// Orleans' membership table in one <c>MembershipTable</c> object (<c>orleans.wasmcloud.dev/v1alpha1</c>) per cluster.
/// Every change is a read, a check of Orleans' etags against what was read, and a PUT carrying the read
/// <c>resourceVersion</c>: the API server's optimistic concurrency makes the row change and the table version change
/// one atomic write. A 409 on the PUT means the object moved underneath; the write is re-checked against the new
/// content, so a heartbeat that landed first costs a retry while a real etag conflict answers false.
/// </summary>
/// <remarks>
/// The table's etag and each row's etag are values of a revision counter kept in the object rather than the
/// resourceVersion itself, because heartbeats (<see cref="UpdateIAmAlive"/>) rewrite the object and must not change
/// either (Orleans' contract: IAmAlive leaves the table version alone).
/// </remarks>
public sealed partial class KubernetesMembershipTable : IMembershipTable
{
    public const string Group = "orleans.wasmcloud.dev";
    public const string ApiVersion = "v1alpha1";
    public const string Kind = "MembershipTable";
    public const string Plural = "membershiptables";

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Lazy<IKubernetes> _client;
    private readonly KubernetesClusteringOptions _options;
    private readonly string _serviceId;
    private readonly string _clusterId;
    private readonly ILogger<KubernetesMembershipTable> _logger;

    public KubernetesMembershipTable(
        IServiceProvider services,
        IOptions<KubernetesClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<KubernetesMembershipTable> logger)
    {
        // Resolved on first use, so whichever client the host registered (a kubeconfig, the fake server) wins.
        _client = new Lazy<IKubernetes>(() => services.GetService<IKubernetes>() ?? new k8s.Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig()));
        _options = options.Value;
        _serviceId = clusterOptions.Value.ServiceId;
        _clusterId = clusterOptions.Value.ClusterId;
        _logger = logger;
        Namespace = _options.Namespace ?? KubernetesClusteringOptions.NamespaceFromEnvironment();
        ObjectName = MembershipTableName.For(_serviceId, _clusterId);
    }

    public string Namespace { get; }

    public string ObjectName { get; }

    private IKubernetes Client => _client.Value;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        LogInitializing(_logger, Namespace, ObjectName, _serviceId, _clusterId);
        if (!tryInitTableVersion || await GetAsync(ObjectName) is not null)
        {
            return;
        }

        try
        {
            await CreateAsync(NewTable(_serviceId, _clusterId));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another silo created it first: the same empty table.
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        var name = MembershipTableName.For(_serviceId, clusterId);
        try
        {
            await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, ApiVersion, Namespace, Plural, name);
            LogDeleted(_logger, Namespace, name);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var removed = 0;
        await WriteAsync("cleanup", spec =>
        {
            // Only silos that are not Active and have shown no sign of life since the cutoff, as Orleans' own tables.
            removed = spec.Members.RemoveAll(m => m.Status != nameof(SiloStatus.Active) && m.LastSignOfLife < beforeDate.UtcDateTime);
            return removed > 0;
        });
        if (removed > 0)
        {
            LogCleanedUp(_logger, removed, beforeDate);
        }
    }

    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        var spec = (await GetAsync(ObjectName))?.Spec;
        if (spec is null)
        {
            return new MembershipTableData(InitialVersion);
        }

        var version = new TableVersion(spec.Version, spec.VersionEtag);
        return spec.Find(key) is { } row ? new MembershipTableData(Tuple.Create(row.ToEntry(), row.Etag), version) : new MembershipTableData(version);
    }

    public async Task<MembershipTableData> ReadAll()
    {
        var spec = (await GetAsync(ObjectName))?.Spec;
        return spec is null
            ? new MembershipTableData(InitialVersion)
            : new MembershipTableData([.. spec.Members.Select(m => Tuple.Create(m.ToEntry(), m.Etag))], new TableVersion(spec.Version, spec.VersionEtag));
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        WriteAsync("insert", spec =>
        {
            if (spec.VersionEtag != tableVersion.VersionEtag || spec.Find(entry.SiloAddress) is not null)
            {
                return false;
            }

            spec.Members.Add(MemberRecord.From(entry, spec.Advance(tableVersion.Version)));
            return true;
        });

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        WriteAsync("update", spec =>
        {
            var index = spec.Members.FindIndex(m => m.SiloAddress == entry.SiloAddress.ToParsableString());
            if (spec.VersionEtag != tableVersion.VersionEtag || index < 0 || spec.Members[index].Etag != etag)
            {
                return false;
            }

            spec.Members[index] = MemberRecord.From(entry, spec.Advance(tableVersion.Version));
            return true;
        });

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        await WriteAsync("heartbeat", spec =>
        {
            var row = spec.Find(entry.SiloAddress)
                ?? throw new InvalidOperationException($"silo {entry.SiloAddress} has no row in membership table {Namespace}/{ObjectName} to record a heartbeat in");
            row.IAmAliveTime = MemberRecord.FormatTime(entry.IAmAliveTime);
            return true;
        });
    }

    private static TableVersion InitialVersion => new(0, "0");

    /// <summary>
    /// Reads the table, lets <paramref name="change"/> check and edit it (false: nothing to write, which callers
    /// report as a conflict), and writes it back guarded by the read resourceVersion, again from the top on a 409.
    /// </summary>
    private async Task<bool> WriteAsync(string operation, Func<MembershipTableSpec, bool> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(ObjectName);
            var table = current ?? NewTable(_serviceId, _clusterId);
            if (!change(table.Spec))
            {
                LogNotWritten(_logger, operation, Namespace, ObjectName);
                return false;
            }

            try
            {
                if (current is null)
                {
                    await CreateAsync(table);
                }
                else
                {
                    await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(table.ToNode(), Group, ApiVersion, Namespace, Plural, ObjectName);
                }

                return true;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && attempt < _options.MaxWriteAttempts)
            {
                LogRaced(_logger, operation, Namespace, ObjectName, attempt);
            }
        }
    }

    private async Task<MembershipTableObject?> GetAsync(string name)
    {
        try
        {
            var body = await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, ApiVersion, Namespace, Plural, name);
            var table = MembershipTableObject.FromBody(body);
            if (table.Spec.ClusterId != _clusterId || table.Spec.ServiceId != _serviceId)
            {
                throw new InvalidOperationException(
                    $"membership table {Namespace}/{name} belongs to service '{table.Spec.ServiceId}' cluster '{table.Spec.ClusterId}', not to service '{_serviceId}' cluster '{_clusterId}'");
            }

            return table;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task CreateAsync(MembershipTableObject table) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(table.ToNode(), Group, ApiVersion, Namespace, Plural);

    private MembershipTableObject NewTable(string serviceId, string clusterId) => new(
        new JsonObject { ["name"] = ObjectName, ["namespace"] = Namespace },
        new MembershipTableSpec { ServiceId = serviceId, ClusterId = clusterId });

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Orleans membership in MembershipTable {Namespace}/{Name} (service {ServiceId}, cluster {ClusterId})")]
    private static partial void LogInitializing(ILogger logger, string @namespace, string name, string serviceId, string clusterId);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Membership {Operation} left {Namespace}/{Name} as it was: the etags or rows do not match, or there was nothing to change")]
    private static partial void LogNotWritten(ILogger logger, string operation, string @namespace, string name);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Membership {Operation} on {Namespace}/{Name} raced another write (attempt {Attempt}); checking again")]
    private static partial void LogRaced(ILogger logger, string operation, string @namespace, string name, int attempt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Removed {Count} defunct silo rows last alive before {Cutoff}")]
    private static partial void LogCleanedUp(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Deleted membership table {Namespace}/{Name}")]
    private static partial void LogDeleted(ILogger logger, string @namespace, string name);
}
