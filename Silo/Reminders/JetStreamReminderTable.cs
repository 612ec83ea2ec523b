using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using Wasmcloud.Silo.Nats;

namespace Wasmcloud.Silo.Reminders;

/// <summary>
/// Orleans' reminder table in a NATS JetStream key-value bucket, so reminder definitions outlive every silo (they
/// live as long as the NATS stream). One key per reminder (<see cref="ReminderKeys"/>); the ETag is the key's
/// revision. <see cref="UpsertRow(ReminderEntry)"/> is unconditional, as Orleans' contract wants (last writer wins,
/// each write a new ETag); <see cref="RemoveRow(GrainId, string, string)"/> deletes only the revision it names
/// (compare-and-set), so a stale owner cannot remove a reminder someone re-registered meanwhile.
/// </summary>
public sealed partial class JetStreamReminderTable : IReminderTable, IAsyncDisposable
{
    private static readonly NatsKVWatchOpts ScanOptions = new()
    {
        // Deletes must come through: the scan ends at the entry with nothing pending, and that may be a delete marker.
        IgnoreDeletes = false,
        OnNoData = static _ => ValueTask.FromResult(true),
    };

    private readonly JetStreamReminderTableOptions _options;
    private readonly string _serviceId;
    private readonly ILogger<JetStreamReminderTable> _logger;
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _jetStream;
    private readonly SemaphoreSlim _storeGate = new(1, 1);
    private INatsKVStore? _store;

    public JetStreamReminderTable(
        IOptions<JetStreamReminderTableOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        IOptions<NatsConnectivityOptions> natsOptions,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _serviceId = clusterOptions.Value.ServiceId;
        _logger = loggerFactory.CreateLogger<JetStreamReminderTable>();

        // A connection of its own: range scans then never queue behind host heartbeats, and the silo's control-plane
        // connection keeps its meaning (its outages put host health on hold, reminder traffic should not).
        _connection = new NatsConnection(NatsOpts.Default with
        {
            Url = _options.Url ?? natsOptions.Value.Url,
            Name = _options.ConnectionName,
            LoggerFactory = loggerFactory,
            RetryOnInitialConnect = true,

            // The same NATS and the same operator identity as the control-plane connection.
            TlsOpts = NatsTls.For(natsOptions.Value),
        });
        _jetStream = new NatsJSContext(_connection);
    }

    /// <summary>The KV bucket's stream, as JetStream names it.</summary>
    private string StreamName => "KV_" + _options.Bucket;

    /// <summary>
    /// Creates or opens the bucket, so a silo that cannot reach it fails at start rather than later. It waits as long
    /// as Orleans lets it (<c>ReminderOptions.InitializationTimeout</c>), not <see cref="JetStreamReminderTableOptions.OperationTimeout"/>:
    /// on a fresh install NATS may come up after the silos.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => GetStoreAsync(cancellationToken);

    public Task Init() => StartAsync();

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        RunAsync(async (store, ct) =>
        {
            var rows = await ScanAsync(store, ReminderKeys.GrainFilter(_serviceId, grainId), ct);

            // The filter names the grain's escaped id, which is unique; the check guards against a hand-edited bucket.
            return new ReminderTableData(rows.Where(r => r.GrainId == grainId));
        }, cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Rows whose grain hash is in <c>(begin, end]</c>, wrapping past zero when begin &gt;= end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        RunAsync(async (store, ct) =>
        {
            var shards = ReminderKeys.ShardsOf(begin, end);
            IEnumerable<string> filters = shards.Count > _options.MaxRangeShards
                ? [ReminderKeys.ServiceFilter(_serviceId)]
                : shards.Select(shard => ReminderKeys.ShardFilter(_serviceId, shard));
            var scans = await Task.WhenAll(filters.Select(filter => ScanAsync(store, filter, ct)));
            return new ReminderTableData(scans.SelectMany(rows => rows).Where(r => ReminderKeys.InRange(r.GrainId.GetUniformHashCode(), begin, end)));
        }, cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        RunAsync(async (store, ct) =>
        {
            var key = ReminderKeys.Key(_serviceId, grainId, reminderName);
            var result = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: ct);
            if (!result.Success)
            {
                return result.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException ? null : throw result.Error;
            }

            return ToEntry(key, result.Value.Value, result.Value.Revision);
        }, cancellationToken);

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = ReminderKeys.Key(_serviceId, entry.GrainId, entry.ReminderName);
        var value = JsonSerializer.SerializeToUtf8Bytes(
            new StoredReminder(entry.GrainId.ToString(), entry.ReminderName, entry.StartAt.ToUniversalTime().Ticks, entry.Period.Ticks),
            StoredReminderJsonContext.Default.StoredReminder);
        return RunAsync<string?>(async (store, ct) => FormatETag(await store.PutAsync(key, value, cancellationToken: ct)), cancellationToken);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>Removes the row only while its revision is <paramref name="eTag"/>; false when it moved on or is gone.</summary>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!ulong.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision == 0)
        {
            // Not an ETag this table handed out, so it cannot name the current revision.
            return Task.FromResult(false);
        }

        var key = ReminderKeys.Key(_serviceId, grainId, reminderName);
        return RunAsync(async (store, ct) =>
        {
            var result = await store.TryDeleteAsync(key, new NatsKVDeleteOpts { Revision = revision }, ct);
            return result.Success || (result.Error is NatsKVWrongLastRevisionException ? false : throw result.Error);
        }, cancellationToken);
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <summary>Purges this service's rows, delete markers included; other services in the bucket keep theirs.</summary>
    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        RunAsync(async (_, ct) => await _jetStream.PurgeStreamAsync(
            StreamName,
            new StreamPurgeRequest { Filter = $"$KV.{_options.Bucket}.{ReminderKeys.ServiceFilter(_serviceId)}" },
            ct), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _storeGate.Dispose();
    }

    private static string FormatETag(ulong revision) => revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One table call within <see cref="JetStreamReminderTableOptions.OperationTimeout"/>, the bucket opened first.
    /// NATS failures are retried until then (every call is safe to repeat: an upsert is unconditional and a remove names
    /// a revision). At the deadline it throws a <see cref="TimeoutException"/> when NATS never answered, else a
    /// <see cref="ReminderTableException"/> with NATS' last error: both types Orleans can carry to a grain on another silo.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<INatsKVStore, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        NatsException? lastFailure = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var store = await GetStoreAsync(timeout.Token);
                    return await operation(store, timeout.Token);
                }
                catch (NatsException e)
                {
                    lastFailure = e;
                    LogCallFailed(_options.Bucket, attempt + 1, e.Message);
                }

                await Task.Delay(RetryDelay(attempt), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our deadline, not the caller's: say what went wrong instead of "a task was canceled". Only the NATS
            // exception's message travels: Orleans does not know its type, so it cannot be an inner exception.
            throw lastFailure is null
                ? new TimeoutException(
                    $"The reminder table had no answer from NATS JetStream (bucket '{_options.Bucket}') within {_options.OperationTimeout}; is the server reachable and JetStream enabled?")
                : new ReminderTableException(
                    $"The reminder table could not use NATS JetStream (bucket '{_options.Bucket}') within {_options.OperationTimeout} (last error: {lastFailure.GetType().Name}: {lastFailure.Message}); is JetStream enabled on the server?");
        }
    }

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5)));

    private async Task<INatsKVStore> GetStoreAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _store) is { } store)
        {
            return store;
        }

        await _storeGate.WaitAsync(cancellationToken);
        try
        {
            if (_store is null)
            {
                var kv = new NatsKVContext(_jetStream);
                var config = new NatsKVConfig(_options.Bucket)
                {
                    Description = "Orleans reminders (wasmcloud-orleans)",
                    History = 1,
                    NumberOfReplicas = _options.Replicas,
                    Storage = NatsKVStorageType.File,
                };

                // Create-or-update is idempotent, so every silo may run it at start and the first one creates the bucket.
                Volatile.Write(ref _store, await kv.CreateOrUpdateStoreAsync(config, cancellationToken));
                LogBucketReady(_options.Bucket, _options.Replicas, _serviceId);
            }

            return _store!;
        }
        finally
        {
            _storeGate.Release();
        }
    }

    /// <summary>The live rows under one subject filter, as the stream holds them when the scan starts.</summary>
    private async Task<List<ReminderEntry>> ScanAsync(INatsKVStore store, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<ReminderEntry>();
        await foreach (var entry in store.WatchAsync<byte[]>(filter, opts: ScanOptions, cancellationToken: cancellationToken))
        {
            if (entry.Operation == NatsKVOperation.Put && ToEntry(entry.Key, entry.Value, entry.Revision) is { } row)
            {
                rows.Add(row);
            }

            if (entry.Delta == 0)
            {
                break;
            }
        }

        return rows;
    }

    private ReminderEntry? ToEntry(string key, byte[]? value, ulong revision)
    {
        try
        {
            var stored = value is { Length: > 0 } ? JsonSerializer.Deserialize(value, StoredReminderJsonContext.Default.StoredReminder) : null;
            if (stored is null)
            {
                LogUnreadableRow(key, "empty value");
                return null;
            }

            return new ReminderEntry
            {
                GrainId = GrainId.Parse(stored.GrainId),
                ReminderName = stored.ReminderName,
                StartAt = new DateTime(stored.StartAtUtcTicks, DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(stored.PeriodTicks),
                ETag = FormatETag(revision),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            // One bad row must not hide every other reminder in the range from Orleans.
            LogUnreadableRow(key, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Reminder table ready in JetStream KV bucket {Bucket} ({Replicas} replicas) for service {ServiceId}")]
    private partial void LogBucketReady(string bucket, int replicas, string serviceId);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Reminder table call to JetStream KV bucket {Bucket} failed (attempt {Attempt}), retrying: {Reason}")]
    private partial void LogCallFailed(string bucket, int attempt, string reason);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Skipped reminder row {Key}: {Reason}")]
    private partial void LogUnreadableRow(string key, string reason);
}
