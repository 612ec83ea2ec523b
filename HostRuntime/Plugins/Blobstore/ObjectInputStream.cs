using System.IO.Pipelines;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// The <c>input-stream</c> of <c>incoming-value-consume-async</c>: the guest reads from a pipe that
/// <see cref="ObjectChunks"/> fills chunk by chunk. Dropping the stream stops the download.
/// </summary>
internal sealed class ObjectInputStream : InputStream
{
    /// <summary>Bytes the download may run ahead of the guest.</summary>
    public const int ReadAhead = 1024 * 1024;

    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: ReadAhead, resumeWriterThreshold: ReadAhead / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _stop = new();
    private readonly PipeInputStream _reader;

    public ObjectInputStream(Func<PipeWriter, CancellationToken, Task> download)
    {
        _reader = new PipeInputStream(_pipe.Reader, _stop.Token);
        _ = Task.Run(() => download(_pipe.Writer, _stop.Token));
    }

    public override bool IsReadable => _reader.IsReadable;

    public override int Read(Span<byte> destination) => _reader.Read(destination);

    public override Task WhenReadable() => _reader.WhenReadable();

    public override void Dispose()
    {
        _stop.Cancel();
        _pipe.Reader.Complete();
        _stop.Dispose();
        base.Dispose();
    }
}
