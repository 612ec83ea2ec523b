using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using NATS.Client.Core;
using NATS.Client.JetStream.Models;
using NATS.Client.ObjectStore.Models;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// Reads an object's chunks one message at a time (a direct get of the next message on the object's chunk subject)
/// into a <see cref="PipeWriter"/>, waiting for the pipe's reader between chunks. The client library's own
/// <c>GetAsync</c> uses a push consumer that the server fills as fast as it can, so a slow reader (a guest) would hold
/// the whole object in host memory; here at most one chunk plus the pipe's pause threshold is held.
/// </summary>
internal static class ObjectChunks
{
    /// <summary>Copies bytes <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) of the object; completes the writer, with the failure if any.</summary>
    public static async Task CopyAsync(BlobContainer container, ObjectMetadata info, ulong start, ulong end, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await WriteRangeAsync(container, info, start, end, writer, cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(Translated(e, info));
        }
    }

    public static Exception Translated(Exception e, ObjectMetadata info) =>
        e is BlobstoreException or OperationCanceledException ? e : new BlobstoreException($"reading object '{info.Name}' failed: {e.Message}", e);

    /// <summary>Writes the range into <paramref name="writer"/> without completing it; throws on failure.</summary>
    public static async Task WriteRangeAsync(BlobContainer container, ObjectMetadata info, ulong start, ulong end, PipeWriter writer, CancellationToken cancellationToken)
    {
        var whole = start == 0 && end == (ulong)info.Size;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var subject = container.ChunkSubject(info.Nuid ?? throw new BlobstoreException($"object '{info.Name}' has no chunk id in its metadata"));
        ulong sequence = 0;
        ulong offset = 0;
        for (var chunk = 0; chunk < info.Chunks && offset < end; chunk++)
        {
            using var data = await NextChunkAsync(container, subject, sequence + 1, cancellationToken);
            sequence = data.Sequence;
            var bytes = data.Memory.Span;
            if (whole)
            {
                hash.AppendData(bytes);
            }

            var chunkStart = offset;
            offset += (ulong)bytes.Length;
            if (offset <= start)
            {
                continue;
            }

            var from = (int)(Math.Max(start, chunkStart) - chunkStart);
            var to = (int)(Math.Min(end, offset) - chunkStart);
            writer.Write(bytes[from..to]);
            var flushed = await writer.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                // The reader is gone (the guest dropped its stream): nothing more to send.
                return;
            }
        }

        if (offset < end)
        {
            throw new BlobstoreException($"object '{info.Name}' ended after {offset} of its {info.Size} bytes");
        }

        if (whole && !string.IsNullOrEmpty(info.Digest))
        {
            var digest = "SHA-256=" + Convert.ToBase64String(hash.GetHashAndReset()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (!string.Equals(digest, info.Digest.TrimEnd('='), StringComparison.Ordinal))
            {
                throw new BlobstoreException($"object '{info.Name}' does not match its SHA-256 digest");
            }
        }
    }

    private static async Task<Chunk> NextChunkAsync(BlobContainer container, string subject, ulong from, CancellationToken cancellationToken)
    {
        var request = new StreamMsgGetRequest { Seq = from, NextBySubj = subject };
        if (container.AllowDirect)
        {
            var message = await container.Stream.GetDirectAsync<NatsMemoryOwner<byte>>(request, cancellationToken: cancellationToken);
            if (message.Headers is { Code: >= 400 } status)
            {
                message.Data.Dispose();
                throw new BlobstoreException($"a chunk of the object is missing from the bucket ({status.Code} {status.MessageText})");
            }

            var sequence = message.Headers?.TryGetValue("Nats-Sequence", out var values) == true
                ? ulong.Parse(values.ToString(), CultureInfo.InvariantCulture)
                : throw new BlobstoreException("the data NATS answered a direct get without a sequence");
            return new Chunk(message.Data, sequence);
        }

        var response = await container.Stream.GetAsync(request, cancellationToken);
        var bytes = response.Message.Data;
        var owner = NatsMemoryOwner<byte>.Allocate(bytes.Length);
        bytes.CopyTo(owner.Memory);
        return new Chunk(owner, response.Message.Seq);
    }

    private readonly struct Chunk(NatsMemoryOwner<byte> data, ulong sequence) : IDisposable
    {
        public ulong Sequence { get; } = sequence;

        public ReadOnlyMemory<byte> Memory => data.Memory;

        public void Dispose() => data.Dispose();
    }
}
