using System.Buffers;
using System.IO.Pipelines;
using Wasmcloud.HostRuntime.Execution.Internal;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>A <c>wasi:io/streams</c> <c>stream-error</c>: <c>closed</c>, or <c>last-operation-failed</c> with a message.</summary>
internal sealed class StreamFailure : Exception
{
    private StreamFailure(bool closed, string message)
        : base(message) => IsClosed = closed;

    public StreamFailure()
        : this(true, "closed")
    {
    }

    public StreamFailure(string message)
        : this(false, message)
    {
    }

    public StreamFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool IsClosed { get; }

    public static StreamFailure Closed() => new();

    public static StreamFailure Failed(string message) => new(false, message);
}

/// <summary>The <c>wasi:io/error</c> resource: a message for <c>to-debug-string</c>.</summary>
internal sealed class IoError(string message)
{
    public string Message { get; } = message;
}

/// <summary>
/// A <c>wasi:io/streams</c> input-stream. Implementations never block in <see cref="Read"/>; blocking variants wait on
/// <see cref="WhenReadable"/> with the store's interrupt token.
/// </summary>
internal abstract class InputStream : IDisposable
{
    /// <summary>The most one read hands the guest: every byte costs a 32-byte component value on this path.</summary>
    public const int MaxRead = 64 * 1024;

    /// <summary>Copies what is available now into <paramref name="destination"/>; 0 when nothing is yet.</summary>
    /// <exception cref="StreamFailure">The stream ended (closed) or failed.</exception>
    public abstract int Read(Span<byte> destination);

    /// <summary>True when a read would return data, or fail, without waiting.</summary>
    public abstract bool IsReadable { get; }

    public abstract Task WhenReadable();

    public int BlockingRead(Span<byte> destination, CancellationToken interrupt)
    {
        while (true)
        {
            var read = Read(destination);
            if (read > 0 || destination.IsEmpty)
            {
                return read;
            }

            WaitReadable(interrupt);
        }
    }

    public void WaitReadable(CancellationToken interrupt)
    {
        if (!IsReadable)
        {
            try
            {
                WhenReadable().Wait(interrupt);
            }
            catch (AggregateException)
            {
                // The failure surfaces from the next read.
            }
        }
    }

    public Pollable Subscribe() => new DelegatingPollable(() => IsReadable, WhenReadable);

    public virtual void Dispose()
    {
    }
}

/// <summary>
/// A <c>wasi:io/streams</c> output-stream: <see cref="CheckWrite"/> says how much may be written now; writes are
/// buffered and <see cref="Flush"/> starts sending them without waiting.
/// </summary>
internal abstract class OutputStream : IDisposable
{
    /// <summary>Bytes the guest may write now; 0 while a flush is under way.</summary>
    /// <exception cref="StreamFailure">The stream is closed or failed.</exception>
    public abstract long CheckWrite();

    /// <exception cref="StreamFailure">The stream is closed or failed.</exception>
    public abstract void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Starts flushing what was written; completion shows as <see cref="IsWritable"/>.</summary>
    public abstract void Flush();

    /// <summary>True when <see cref="CheckWrite"/> would return more than 0 or fail, without waiting.</summary>
    public abstract bool IsWritable { get; }

    public abstract Task WhenWritable();

    public void WaitWritable(CancellationToken interrupt)
    {
        while (!IsWritable)
        {
            try
            {
                WhenWritable().Wait(interrupt);
            }
            catch (AggregateException)
            {
                // The failure surfaces from the next check-write.
                return;
            }
        }
    }

    public void BlockingFlush(CancellationToken interrupt)
    {
        Flush();
        WaitWritable(interrupt);
        CheckWrite();
    }

    public Pollable Subscribe() => new DelegatingPollable(() => IsWritable, WhenWritable);

    public virtual void Dispose()
    {
    }
}

/// <summary>An input stream with nothing in it: stdin of a request handler.</summary>
internal sealed class EmptyInputStream : InputStream
{
    public override bool IsReadable => true;

    public override int Read(Span<byte> destination) => throw StreamFailure.Closed();

    public override Task WhenReadable() => Task.CompletedTask;
}

/// <summary>stdout or stderr of the guest, as lines in the host's log.</summary>
internal sealed class LogOutputStream(GuestOutputLines lines) : OutputStream
{
    public override bool IsWritable => true;

    public override long CheckWrite() => 1024 * 1024;

    public override void Write(ReadOnlySpan<byte> bytes) => lines.Write(bytes);

    public override void Flush()
    {
    }

    public override Task WhenWritable() => Task.CompletedTask;
}

/// <summary>
/// An input stream over a <see cref="PipeReader"/> (a request body), read on the store's thread without ever
/// blocking it: data already buffered is taken with <see cref="PipeReader.TryRead"/>, and waiting starts one
/// <see cref="PipeReader.ReadAsync"/> whose result the next read consumes. Bytes move as they arrive; the body is
/// never buffered whole.
/// </summary>
internal sealed class PipeInputStream(PipeReader reader, CancellationToken cancellation) : InputStream
{
    private Task<ReadResult>? _pending;
    private bool _ended;
    private StreamFailure? _failure;

    /// <summary>True once the guest has read to the end.</summary>
    public bool IsAtEnd => _ended;

    public override bool IsReadable =>
        _ended || _failure is not null || (_pending is { } pending ? pending.IsCompleted : Peek());

    public override int Read(Span<byte> destination)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_ended)
        {
            throw StreamFailure.Closed();
        }

        ReadResult result;
        try
        {
            if (_pending is { } pending)
            {
                if (!pending.IsCompleted)
                {
                    return 0;
                }

                _pending = null;
                result = pending.GetAwaiter().GetResult();
            }
            else if (!reader.TryRead(out result))
            {
                return 0;
            }
        }
        catch (Exception e) when (e is not StreamFailure)
        {
            _failure = StreamFailure.Failed($"reading the body failed: {e.Message}");
            throw _failure;
        }

        var buffer = result.Buffer;
        if (buffer.IsEmpty && (result.IsCompleted || result.IsCanceled))
        {
            reader.AdvanceTo(buffer.End);
            _ended = true;
            throw StreamFailure.Closed();
        }

        var count = (int)Math.Min(buffer.Length, destination.Length);
        var taken = buffer.Slice(0, count);
        taken.CopyTo(destination);

        // Consumed up to what we took; the rest stays in the pipe and the next TryRead returns it at once.
        reader.AdvanceTo(taken.End);
        return count;
    }

    public override Task WhenReadable()
    {
        if (_ended || _failure is not null)
        {
            return Task.CompletedTask;
        }

        return _pending ??= reader.ReadAsync(cancellation).AsTask();
    }

    /// <summary>
    /// Reads and discards the rest of the body (for trailers), off the store's thread. The guest may no longer read:
    /// its reads answer <c>closed</c> from here on, so the pipe never has two readers.
    /// </summary>
    public async Task DrainAsync()
    {
        if (_ended || _failure is not null)
        {
            return;
        }

        _failure = StreamFailure.Closed();
        if (_pending is { } pending)
        {
            _pending = null;
            var first = await pending;
            reader.AdvanceTo(first.Buffer.End);
            if (first.IsCompleted)
            {
                _ended = true;
                return;
            }
        }

        while (true)
        {
            var result = await reader.ReadAsync(cancellation);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                _ended = true;
                return;
            }
        }
    }

    /// <summary>Whether data (or the end) is buffered; leaves it in the pipe by examining nothing.</summary>
    private bool Peek()
    {
        try
        {
            if (!reader.TryRead(out var result))
            {
                return false;
            }

            reader.AdvanceTo(result.Buffer.Start);
            return true;
        }
        catch (Exception e)
        {
            _failure = StreamFailure.Failed($"reading the body failed: {e.Message}");
            return true;
        }
    }
}
