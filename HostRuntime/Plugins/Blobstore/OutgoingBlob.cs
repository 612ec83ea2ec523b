using System.IO.Pipelines;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Http;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// The object behind an <c>outgoing-value</c>. Its body stream writes into a pipe that an object store put reads
/// chunk by chunk, so the upload streams: <c>write-data</c> starts the put, <c>finish</c> ends the body and waits for
/// the put. Bytes written before <c>write-data</c> wait in memory, up to <see cref="BodyOutputStream.MaxEarlyBytes"/>
/// (guests write the body after <c>write-data</c> to stream larger values).
/// </summary>
internal sealed class OutgoingBlob : IDisposable
{
    /// <summary>Bytes the guest may run ahead of the put.</summary>
    public const int WriteAhead = 1024 * 1024;

    private readonly CancellationTokenSource _abandon = new();
    private BodyOutputStream? _body;
    private Pipe? _pipe;
    private Task? _upload;
    private string? _target;
    private bool _finished;

    /// <summary><c>outgoing-value-write-body</c>: the body stream, once.</summary>
    public OutputStream? TakeBody()
    {
        if (_body is not null || _finished)
        {
            return null;
        }

        _body = new BodyOutputStream(_abandon.Token, "write-data was called");
        if (_pipe is not null)
        {
            _body.Attach(_pipe.Writer);
        }

        return _body;
    }

    /// <summary><c>write-data</c>: starts <paramref name="put"/> reading the body from here on.</summary>
    public void Start(string target, Func<Stream, CancellationToken, Task> put)
    {
        if (_upload is not null)
        {
            throw new BlobstoreException($"this outgoing-value is already being written to '{_target}'");
        }

        if (_finished)
        {
            throw new BlobstoreException("this outgoing-value is finished");
        }

        _target = target;
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: WriteAhead, resumeWriterThreshold: WriteAhead / 2, useSynchronizationContext: false));
        var reader = _pipe.Reader;
        var token = _abandon.Token;
        _upload = Task.Run(async () =>
        {
            try
            {
                await put(reader.AsStream(), token);
            }
            finally
            {
                await reader.CompleteAsync();
            }
        });
        _body?.Attach(_pipe.Writer);
    }

    /// <summary><c>finish</c>: the body is complete; waits until the object is stored.</summary>
    public void Finish(CancellationToken interrupt)
    {
        _finished = true;
        if (_upload is null || _pipe is null)
        {
            throw new BlobstoreException("finish was called before write-data: the value was not written to any container");
        }

        try
        {
            _body?.Complete(interrupt);
        }
        catch (StreamFailure failure)
        {
            _pipe.Writer.Complete(failure);
            throw new BlobstoreException($"writing '{_target}' failed: {failure.Message}", failure);
        }

        _pipe.Writer.Complete();
        try
        {
            Blocking.Wait(_upload, interrupt);
        }
        catch (Exception e) when (e is not OperationCanceledException and not BlobstoreException)
        {
            throw new BlobstoreException($"storing '{_target}' failed: {e.Message}", e);
        }
    }

    /// <summary>Dropped without <c>finish</c>: the put fails, so no partial object is ever visible.</summary>
    public void Dispose()
    {
        if (!_finished && _pipe is not null)
        {
            _pipe.Writer.Complete(new OperationCanceledException("the outgoing-value was dropped without finish"));
        }

        if (!_finished)
        {
            _abandon.Cancel();
        }
    }
}
