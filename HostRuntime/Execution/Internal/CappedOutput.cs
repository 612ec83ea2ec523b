using System.Buffers;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// Collects a guest's stdout up to a ceiling. Past it, the callback throws, which makes Wasmtime close the stream so
/// the guest's further writes fail instead of growing host memory without bound.
/// </summary>
internal sealed class CappedOutput(int limit)
{
    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public bool Overflowed { get; private set; }

    /// <summary>The <see cref="Wasmtime.WasiOutputCallback"/>; Wasmtime calls it on its own threads, one write at a time.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_buffer.WrittenCount + data.Length > limit)
            {
                Overflowed = true;
                throw new InvalidOperationException($"output exceeds {limit} bytes");
            }

            _buffer.Write(data);
        }
    }

    public ReadOnlyMemory<byte> Written
    {
        get
        {
            lock (_lock)
            {
                return _buffer.WrittenMemory;
            }
        }
    }
}
