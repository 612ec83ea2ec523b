using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>
/// <c>wasi:keyvalue</c> for one workload, on JetStream KV over the data connection. Opened buckets are remembered
/// for the workload's life, so a request costs its key operations only. Every failure becomes a
/// <see cref="KeyValueException"/> carrying the WIT error case; nothing here traps the guest.
/// </summary>
internal sealed partial class KeyValueBinding
{
    /// <summary>Keys per <c>list-keys</c> page; the cursor is the number of keys already returned.</summary>
    public const int KeysPerPage = 1000;

    private readonly DataConnection _data;
    private readonly ConcurrentDictionary<string, INatsKVStore> _opened = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public KeyValueBinding(DataConnection data, KeyValueSettings settings, string workloadId, ILogger logger)
    {
        _data = data;
        Settings = settings;
        WorkloadId = workloadId;
        _logger = logger;
    }

    public KeyValueSettings Settings { get; }

    public string WorkloadId { get; }

    /// <summary><c>open(identifier)</c>: the bucket named by config or by the identifier, created when missing unless <c>create</c> is false.</summary>
    public async Task<KeyValueBucket> OpenAsync(string identifier, CancellationToken cancellationToken)
    {
        if (Settings.AllowedIdentifiers is { } allowed && !allowed.Contains(identifier))
        {
            LogDenied(WorkloadId, identifier);
            throw new KeyValueException(KeyValueErrorKind.AccessDenied, $"bucket '{identifier}' is not in this workload's buckets");
        }

        var bucket = Settings.Bucket ?? identifier;
        if (!KeyValueSettings.IsBucketName(bucket))
        {
            throw new KeyValueException(KeyValueErrorKind.Other, $"'{bucket}' is not a bucket name: letters, digits, '-' and '_' only");
        }

        if (_opened.TryGetValue(bucket, out var known))
        {
            return new KeyValueBucket(identifier, known, this);
        }

        INatsKVStore store;
        try
        {
            store = await _data.KeyValue.GetStoreAsync(bucket, cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            if (!Settings.CreateBuckets)
            {
                LogMissing(WorkloadId, bucket);
                throw new KeyValueException(KeyValueErrorKind.NoSuchStore, $"bucket '{bucket}' does not exist");
            }

            store = await Translate(() => _data.KeyValue.CreateOrUpdateStoreAsync(new NatsKVConfig(bucket), cancellationToken).AsTask(), bucket);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Translated(e, bucket);
        }

        _opened[bucket] = store;
        return new KeyValueBucket(identifier, store, this);
    }

    public Task<byte[]?> GetAsync(KeyValueBucket bucket, string key, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                var entry = await bucket.Store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken);
                return entry.Success ? entry.Value.Value ?? [] : IsAbsent(entry.Error) ? null : throw entry.Error;
            },
            bucket.Store.Bucket);

    public Task<bool> SetAsync(KeyValueBucket bucket, string key, byte[] value, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                await bucket.Store.PutAsync(key, value, cancellationToken: cancellationToken);
                return true;
            },
            bucket.Store.Bucket);

    /// <summary><c>batch.get-many</c>: one value (or null) per key, in order.</summary>
    public async Task<byte[]?[]> GetManyAsync(KeyValueBucket bucket, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var values = new byte[]?[keys.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            values[k] = await GetAsync(bucket, keys[k], cancellationToken);
        }

        return values;
    }

    /// <summary><c>batch.set-many</c>: not atomic, as the WIT allows; stops at the first failure.</summary>
    public async Task<bool> SetManyAsync(KeyValueBucket bucket, IReadOnlyList<(string Key, byte[] Value)> pairs, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in pairs)
        {
            await SetAsync(bucket, key, value, cancellationToken);
        }

        return true;
    }

    public async Task<bool> DeleteManyAsync(KeyValueBucket bucket, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await DeleteAsync(bucket, key, cancellationToken);
        }

        return true;
    }

    public Task<bool> DeleteAsync(KeyValueBucket bucket, string key, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                await bucket.Store.DeleteAsync(key, cancellationToken: cancellationToken);
                return true;
            },
            bucket.Store.Bucket);

    public Task<bool> ExistsAsync(KeyValueBucket bucket, string key, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                var entry = await bucket.Store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken);
                return entry.Success || (IsAbsent(entry.Error) ? false : throw entry.Error);
            },
            bucket.Store.Bucket);

    /// <summary>One page of keys after <paramref name="cursor"/> keys, and the cursor of the next page (null: none).</summary>
    public Task<(List<string> Keys, ulong? Next)> ListKeysAsync(KeyValueBucket bucket, ulong? cursor, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                var skip = cursor ?? 0;
                var keys = new List<string>();
                ulong seen = 0;
                await foreach (var key in bucket.Store.GetKeysAsync(cancellationToken: cancellationToken))
                {
                    if (seen++ < skip)
                    {
                        continue;
                    }

                    if (keys.Count == KeysPerPage)
                    {
                        return (keys, (ulong?)(skip + KeysPerPage));
                    }

                    keys.Add(key);
                }

                return (keys, (ulong?)null);
            },
            bucket.Store.Bucket);

    /// <summary>
    /// <c>atomics.increment</c>: compare-and-set on the key's revision until it sticks, so concurrent increments from
    /// any number of instances and hosts all count. The value is stored as ASCII decimal, readable by <c>get</c>.
    /// </summary>
    public Task<ulong> IncrementAsync(KeyValueBucket bucket, string key, ulong delta, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var entry = await bucket.Store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken);
                    if (!entry.Success)
                    {
                        if (!IsAbsent(entry.Error))
                        {
                            throw entry.Error;
                        }

                        // Absent (or deleted): create wins only if nobody else created it meanwhile.
                        var created = await bucket.Store.TryCreateAsync(key, Encode(delta), cancellationToken: cancellationToken);
                        if (created.Success)
                        {
                            return delta;
                        }

                        continue;
                    }

                    var current = Decode(key, entry.Value.Value);
                    var next = unchecked(current + delta);
                    var updated = await bucket.Store.TryUpdateAsync(key, Encode(next), entry.Value.Revision, cancellationToken: cancellationToken);
                    if (updated.Success)
                    {
                        return next;
                    }
                }
            },
            bucket.Store.Bucket);

    private static bool IsAbsent(Exception error) => error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException;

    private static byte[] Encode(ulong value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static ulong Decode(string key, byte[]? value) =>
        ulong.TryParse(value is null ? "" : Encoding.UTF8.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new KeyValueException(KeyValueErrorKind.Other, $"the value of key '{key}' is not a decimal number, so it cannot be incremented");

    private static async Task<T> Translate<T>(Func<Task<T>> operation, string bucket)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is not OperationCanceledException and not KeyValueException)
        {
            throw Translated(e, bucket);
        }
    }

    private static KeyValueException Translated(Exception e, string bucket) => e switch
    {
        NatsJSApiException api when api.Error.Code == 404 =>
            new KeyValueException(KeyValueErrorKind.NoSuchStore, $"bucket '{bucket}' does not exist", e),
        NatsJSApiException api when api.Error.Code == 503 =>
            new KeyValueException(KeyValueErrorKind.Other, $"JetStream is not available on the data NATS: {api.Error.Description}", e),
        NatsNoRespondersException =>
            new KeyValueException(KeyValueErrorKind.Other, "JetStream is not enabled on the data NATS (no responders)", e),
        NatsKVException kv => new KeyValueException(KeyValueErrorKind.Other, kv.Message, e),
        NatsJSApiException api => new KeyValueException(KeyValueErrorKind.Other, $"JetStream: {api.Error.Description}", e),
        NatsException nats => new KeyValueException(KeyValueErrorKind.Other, $"data NATS: {nats.Message}", e),
        TimeoutException => new KeyValueException(KeyValueErrorKind.Other, "the data NATS did not answer in time", e),
        _ => new KeyValueException(KeyValueErrorKind.Other, e.Message, e),
    };

    [LoggerMessage(EventId = 5801, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: keyvalue bucket '{Bucket}' does not exist and create is off")]
    private partial void LogMissing(string workloadId, string bucket);

    [LoggerMessage(EventId = 5802, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: keyvalue open of '{Identifier}' denied: not in its buckets")]
    private partial void LogDenied(string workloadId, string identifier);
}
