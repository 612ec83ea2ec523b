using System.IO.Pipelines;
using NATS.Client.ObjectStore.Models;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>The object behind an <c>incoming-value</c>: a byte range of one object, read only when consumed.</summary>
internal sealed class IncomingBlob(BlobContainer container, ObjectMetadata info, ulong start, ulong end)
{
    /// <summary>The most <c>incoming-value-consume-sync</c> returns: each byte is a 32-byte component value on the way to the guest.</summary>
    public const int MaxSyncBytes = 16 * 1024 * 1024;

    public ulong Size => end - start;

    public ObjectInputStream ConsumeAsync() =>
        new((writer, cancellation) => ObjectChunks.CopyAsync(container, info, start, end, writer, cancellation));

    public async Task<byte[]> ConsumeSyncAsync(CancellationToken cancellationToken)
    {
        if (Size > MaxSyncBytes)
        {
            throw new BlobstoreException($"object '{info.Name}' has {Size} bytes, more than the {MaxSyncBytes} incoming-value-consume-sync returns; use incoming-value-consume-async");
        }

        using var buffer = new MemoryStream((int)Size);
        var writer = PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            await ObjectChunks.WriteRangeAsync(container, info, start, end, writer, cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            throw ObjectChunks.Translated(e, info);
        }

        return buffer.ToArray();
    }
}
