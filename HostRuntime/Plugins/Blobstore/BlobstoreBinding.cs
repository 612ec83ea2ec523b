using System.IO.Pipelines;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.ObjectStore;
using NATS.Client.ObjectStore.Models;
using Wasmcloud.HostRuntime.Plugins.KeyValue;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// <c>wasi:blobstore</c> for one workload, on the JetStream object store over the data connection: a container is an
/// object store bucket. Object bytes stream both ways (<see cref="ObjectChunks"/>, <see cref="OutgoingBlob"/>); no
/// object is ever held whole in the host. Every failure becomes a <see cref="BlobstoreException"/> whose message the
/// guest receives as the interface's error string.
/// </summary>
internal sealed partial class BlobstoreBinding
{
    /// <summary>How long an unread listing keeps its consumer on the server.</summary>
    public static readonly TimeSpan ListingIdleLimit = TimeSpan.FromMinutes(1);

    private readonly DataConnection _data;
    private readonly NatsObjContext _objects;
    private readonly ILogger _logger;

    public BlobstoreBinding(DataConnection data, BlobstoreSettings settings, string workloadId, ILogger logger)
    {
        _data = data;
        _objects = new NatsObjContext(data.JetStream);
        Settings = settings;
        WorkloadId = workloadId;
        _logger = logger;
    }

    public BlobstoreSettings Settings { get; }

    public string WorkloadId { get; }

    public async Task<BlobContainer> CreateContainerAsync(string name, CancellationToken cancellationToken)
    {
        CheckAllowed(name);
        CheckWritable($"create container '{name}'");
        if (await ContainerExistsAsync(name, cancellationToken))
        {
            throw new BlobstoreException($"container '{name}' already exists");
        }

        return await Translate(
            async () =>
            {
                var store = await _objects.CreateObjectStoreAsync(new NatsObjConfig(name) { Storage = NatsObjStorageType.File }, cancellationToken);
                var stream = await _data.JetStream.GetStreamAsync(StreamOf(name), cancellationToken: cancellationToken);
                return new BlobContainer(name, store, stream, this);
            },
            name);
    }

    public Task<BlobContainer> GetContainerAsync(string name, CancellationToken cancellationToken)
    {
        CheckAllowed(name);
        return Translate(
            async () =>
            {
                var stream = await _data.JetStream.GetStreamAsync(StreamOf(name), cancellationToken: cancellationToken);
                var store = await _objects.GetObjectStoreAsync(name, cancellationToken);
                return new BlobContainer(name, store, stream, this);
            },
            name);
    }

    public Task<bool> DeleteContainerAsync(string name, CancellationToken cancellationToken)
    {
        CheckAllowed(name);
        CheckWritable($"delete container '{name}'");
        return Translate(async () => await _objects.DeleteObjectStore(name, cancellationToken), name);
    }

    public Task<bool> ContainerExistsAsync(string name, CancellationToken cancellationToken)
    {
        CheckAllowed(name);
        return Translate(
            async () =>
            {
                try
                {
                    await _data.JetStream.GetStreamAsync(StreamOf(name), cancellationToken: cancellationToken);
                    return true;
                }
                catch (NatsJSApiException e) when (e.Error.Code == 404)
                {
                    return false;
                }
            },
            name);
    }

    /// <summary><c>copy-object</c>: streams the source's chunks into a put on the destination.</summary>
    public async Task<bool> CopyObjectAsync(string sourceContainer, string sourceObject, string targetContainer, string targetObject, CancellationToken cancellationToken)
    {
        CheckWritable($"write '{targetObject}' to container '{targetContainer}'");
        var source = await GetContainerAsync(sourceContainer, cancellationToken);
        var target = await GetContainerAsync(targetContainer, cancellationToken);
        var info = await ObjectInfoAsync(source, sourceObject, cancellationToken);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: OutgoingBlob.WriteAhead, resumeWriterThreshold: OutgoingBlob.WriteAhead / 2, useSynchronizationContext: false));
        var read = ObjectChunks.CopyAsync(source, info, 0, (ulong)info.Size, pipe.Writer, cancellationToken);
        try
        {
            await Translate(async () => await target.Store.PutAsync(new ObjectMetadata { Name = targetObject }, pipe.Reader.AsStream(), cancellationToken: cancellationToken), targetContainer);
        }
        finally
        {
            // A failed put must not leave the reading side waiting for a reader that is gone.
            await pipe.Reader.CompleteAsync();
        }

        await read;
        return true;
    }

    public async Task<bool> MoveObjectAsync(string sourceContainer, string sourceObject, string targetContainer, string targetObject, CancellationToken cancellationToken)
    {
        CheckWritable($"move '{sourceObject}' out of container '{sourceContainer}'");
        await CopyObjectAsync(sourceContainer, sourceObject, targetContainer, targetObject, cancellationToken);
        if (sourceContainer != targetContainer || sourceObject != targetObject)
        {
            await DeleteObjectAsync(await GetContainerAsync(sourceContainer, cancellationToken), sourceObject, cancellationToken);
        }

        return true;
    }

    /// <summary><c>get-data</c>: bytes <paramref name="start"/> to <paramref name="end"/>, both inclusive (the WIT's words), clamped to the object.</summary>
    public async Task<IncomingBlob> GetDataAsync(BlobContainer container, string name, ulong start, ulong end, CancellationToken cancellationToken)
    {
        var info = await ObjectInfoAsync(container, name, cancellationToken);
        var size = (ulong)info.Size;
        if (start > end)
        {
            throw new BlobstoreException($"start {start} is after end {end}");
        }

        if (start > size || (start == size && size > 0))
        {
            throw new BlobstoreException($"start {start} is beyond the {size} bytes of object '{name}'");
        }

        var exclusiveEnd = end >= size ? size : end + 1;
        return new IncomingBlob(container, info, start, exclusiveEnd);
    }

    /// <summary><c>write-data</c>: starts streaming <paramref name="value"/>'s body into object <paramref name="name"/>.</summary>
    public void WriteData(BlobContainer container, string name, OutgoingBlob value)
    {
        CheckWritable($"write '{name}' to container '{container.Name}'");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new BlobstoreException("an object name cannot be empty");
        }

        value.Start(
            $"{container.Name}/{name}",
            (body, cancellation) => Translate(
                async () => await container.Store.PutAsync(new ObjectMetadata { Name = name }, body, cancellationToken: cancellation),
                container.Name));
    }

    public Task<ObjectNameStream> ListObjectsAsync(BlobContainer container, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                // A plain ephemeral consumer with a single filter subject: servers before 2.10 know no filter lists,
                // which the ordered consumer sends. The server removes it once the listing is left idle.
                var consumer = await container.Stream.CreateOrUpdateConsumerAsync(
                    new ConsumerConfig
                    {
                        Name = $"list-{Guid.NewGuid():N}",
                        FilterSubject = container.MetaSubjects,
                        DeliverPolicy = ConsumerConfigDeliverPolicy.LastPerSubject,
                        AckPolicy = ConsumerConfigAckPolicy.None,
                        InactiveThreshold = ListingIdleLimit,
                        MemStorage = true,
                    },
                    cancellationToken);
                return new ObjectNameStream(consumer);
            },
            container.Name);

    public Task<(List<string> Names, bool Ended)> ReadNamesAsync(BlobContainer container, ObjectNameStream names, int count, CancellationToken cancellationToken) =>
        Translate(() => names.ReadAsync(count, cancellationToken), container.Name);

    public async Task<(ulong Skipped, bool Ended)> SkipNamesAsync(BlobContainer container, ObjectNameStream names, int count, CancellationToken cancellationToken)
    {
        ulong skipped = 0;
        var ended = false;
        while (!ended && skipped < (ulong)count)
        {
            var page = await ReadNamesAsync(container, names, (int)Math.Min((ulong)count - skipped, BlobstoreInterfaces.MaxNamesPerRead), cancellationToken);
            skipped += (ulong)page.Names.Count;
            ended = page.Ended;
        }

        return (skipped, ended);
    }

    /// <summary><c>delete-object</c>: an object that does not exist is not an error (the WIT's words).</summary>
    public async Task<bool> DeleteObjectAsync(BlobContainer container, string name, CancellationToken cancellationToken)
    {
        CheckWritable($"delete '{name}' from container '{container.Name}'");
        return await Translate(
            async () =>
            {
                try
                {
                    await container.Store.DeleteAsync(name, cancellationToken);
                }
                catch (NatsObjNotFoundException)
                {
                }

                return true;
            },
            container.Name);
    }

    public async Task<bool> DeleteObjectsAsync(BlobContainer container, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            await DeleteObjectAsync(container, name, cancellationToken);
        }

        return true;
    }

    public Task<bool> HasObjectAsync(BlobContainer container, string name, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                try
                {
                    await container.Store.GetInfoAsync(name, cancellationToken: cancellationToken);
                    return true;
                }
                catch (NatsObjNotFoundException)
                {
                    return false;
                }
            },
            container.Name);

    public Task<ObjectMetadata> ObjectInfoAsync(BlobContainer container, string name, CancellationToken cancellationToken) =>
        Translate(
            async () =>
            {
                try
                {
                    return await container.Store.GetInfoAsync(name, cancellationToken: cancellationToken);
                }
                catch (NatsObjNotFoundException)
                {
                    throw new BlobstoreException($"object '{name}' does not exist in container '{container.Name}'");
                }
            },
            container.Name);

    /// <summary><c>clear</c>: purges the bucket's stream, every object's chunks and metadata at once.</summary>
    public async Task<bool> ClearAsync(BlobContainer container, CancellationToken cancellationToken)
    {
        CheckWritable($"clear container '{container.Name}'");
        return await Translate(
            async () =>
            {
                await container.Stream.PurgeAsync(new StreamPurgeRequest(), cancellationToken);
                return true;
            },
            container.Name);
    }

    private static string StreamOf(string container) => $"OBJ_{container}";

    private void CheckAllowed(string name)
    {
        if (Settings.AllowedContainers is { } allowed && !allowed.Contains(name))
        {
            LogDenied(WorkloadId, name);
            throw new BlobstoreException($"access denied: container '{name}' is not in this workload's buckets");
        }

        if (!KeyValueSettings.IsBucketName(name))
        {
            throw new BlobstoreException($"'{name}' is not a container name: letters, digits, '-' and '_' only");
        }
    }

    private void CheckWritable(string what)
    {
        if (Settings.ReadOnly)
        {
            LogReadOnly(WorkloadId, what);
            throw new BlobstoreException($"access denied: cannot {what}, this workload's blobstore is read-only");
        }
    }

    private static async Task<T> Translate<T>(Func<Task<T>> operation, string container)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is not OperationCanceledException and not BlobstoreException)
        {
            throw Translated(e, container);
        }
    }

    private static BlobstoreException Translated(Exception e, string container) => e switch
    {
        NatsJSApiException api when api.Error.Code == 404 => new BlobstoreException($"container '{container}' does not exist", e),
        NatsJSApiException api when api.Error.Code == 503 => new BlobstoreException($"JetStream is not available on the data NATS: {api.Error.Description}", e),
        NatsNoRespondersException => new BlobstoreException("JetStream is not enabled on the data NATS (no responders)", e),
        NatsJSApiException api => new BlobstoreException($"JetStream: {api.Error.Description}", e),
        NatsObjException obj => new BlobstoreException($"container '{container}': {obj.Message}", e),
        NatsException nats => new BlobstoreException($"data NATS: {nats.Message}", e),
        TimeoutException => new BlobstoreException("the data NATS did not answer in time", e),
        _ => new BlobstoreException(e.Message, e),
    };

    [LoggerMessage(EventId = 5851, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: blobstore container '{Container}' denied: not in its buckets")]
    private partial void LogDenied(string workloadId, string container);

    [LoggerMessage(EventId = 5852, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: blobstore refused to {Operation}: read_only")]
    private partial void LogReadOnly(string workloadId, string operation);
}
