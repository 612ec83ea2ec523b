using System.Buffers;
using System.IO.Pipelines;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>
/// The output stream of an outgoing body, written on the store's thread straight into a <see cref="PipeWriter"/>:
/// Kestrel's for the response, or a pipe an <see cref="HttpClient"/> reads for an outgoing request. Bytes leave as the
/// guest writes, and the body is never held whole. Until the guest sets the response-outparam there is nowhere to
/// send a response body (status and headers go first), so early writes wait in memory, up to
/// <see cref="MaxEarlyBytes"/>.
/// </summary>
/// <remarks>
/// Backpressure: every write starts a flush, and <see cref="CheckWrite"/> answers 0 until Kestrel has taken the data
/// (a client that reads slowly, or not at all, makes the guest wait, not our memory grow); a write is at most
/// <see cref="Budget"/> bytes. Only one flush is ever in flight, and nothing is written while it is, which is what
/// <see cref="PipeWriter"/> allows.
/// </remarks>
internal sealed class BodyOutputStream(CancellationToken cancellation, string attachedWhen = "the response was set") : OutputStream
{
    public const int Budget = 64 * 1024;
    public const int MaxEarlyBytes = 16 * 1024 * 1024;

    private ArrayBufferWriter<byte>? _early = new();
    private PipeWriter? _writer;
    private Task<FlushResult>? _flush;
    private StreamFailure? _failure;
    private bool _closed;

    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    public override bool IsWritable => _failure is not null || _closed || _flush is null or { IsCompleted: true };

    /// <summary>The response has been started: from now on writes go to <paramref name="writer"/>.</summary>
    public void Attach(PipeWriter writer)
    {
        _writer = writer;
        var early = _early!;
        _early = null;
        if (early.WrittenCount > 0)
        {
            WriteToPipe(early.WrittenSpan);
        }
    }

    public override long CheckWrite()
    {
        ThrowIfUnusable();
        if (_flush is { IsCompleted: false })
        {
            return 0;
        }

        ObserveFlush();
        return _writer is null ? Math.Max(0, MaxEarlyBytes - _early!.WrittenCount) : Budget;
    }

    public override void Write(ReadOnlySpan<byte> bytes)
    {
        ThrowIfUnusable();
        if (_writer is null)
        {
            if (_early!.WrittenCount + bytes.Length > MaxEarlyBytes)
            {
                throw Fail($"more than {MaxEarlyBytes} bytes written before {attachedWhen}");
            }

            _early.Write(bytes);
            Written += bytes.Length;
            return;
        }

        if (_flush is { IsCompleted: false })
        {
            // The guest ignored check-write; waiting here keeps the pipe's single-writer rule.
            WaitForFlush();
        }

        ObserveFlush();
        WriteToPipe(bytes);
    }

    public override void Flush()
    {
        ThrowIfUnusable();
        StartFlush();
    }

    public override Task WhenWritable() => _flush ?? (Task)Task.CompletedTask;

    /// <summary><c>outgoing-body.finish</c>: everything written is flushed before the caller completes the response.</summary>
    public void Complete(CancellationToken interrupt)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_writer is not null)
        {
            StartFlush();
            if (_flush is { } flush)
            {
                flush.Wait(interrupt);
                ObserveFlush();
            }
        }

        _closed = true;
    }

    private void WriteToPipe(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _writer!.Write(bytes);
        }
        catch (InvalidOperationException e)
        {
            // Kestrel refuses bytes past a declared Content-Length.
            throw Fail(e.Message);
        }

        Written += bytes.Length;

        // Sent at once, as Wasmtime does: a write starts the transfer and flush only waits for it. A guest that
        // writes and never flushes (componentize-js pipes bodies that way) must still stream.
        StartFlush();
    }

    private void StartFlush()
    {
        if (_writer is null || _flush is { IsCompleted: false })
        {
            return;
        }

        ObserveFlush();
        try
        {
            _flush = _writer.FlushAsync(cancellation).AsTask();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            throw Fail(e.Message);
        }
    }

    private void WaitForFlush()
    {
        try
        {
            _flush!.Wait(cancellation);
        }
        catch (AggregateException)
        {
            // Observed below.
        }
    }

    /// <summary>Turns the outcome of a finished flush into the stream's state.</summary>
    private void ObserveFlush()
    {
        if (_flush is not { IsCompleted: true } flush)
        {
            return;
        }

        _flush = null;
        if (flush.IsFaulted || flush.IsCanceled)
        {
            throw Fail($"sending the body failed: {flush.Exception?.GetBaseException().Message ?? "cancelled"}");
        }

        if (flush.Result.IsCompleted || flush.Result.IsCanceled)
        {
            // The connection's reader is done: the client went away.
            _closed = true;
            throw StreamFailure.Closed();
        }
    }

    private void ThrowIfUnusable()
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_closed)
        {
            throw StreamFailure.Closed();
        }
    }

    private StreamFailure Fail(string message) => _failure = StreamFailure.Failed(message);
}
