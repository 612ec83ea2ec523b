using System.Text;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// Turns a guest's stdout or stderr bytes into log lines. Writes arrive in arbitrary pieces; a line is emitted at each
/// newline, or when it grows past <see cref="MaxLineBytes"/>, and whatever is left when the run ends.
/// </summary>
internal sealed class GuestOutputLines(Action<string> emit)
{
    public const int MaxLineBytes = 4096;

    private readonly Lock _lock = new();
    private readonly List<byte> _line = [];

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            foreach (var b in data)
            {
                if (b == (byte)'\n' || _line.Count >= MaxLineBytes)
                {
                    EmitLocked();
                    if (b == (byte)'\n')
                    {
                        continue;
                    }
                }

                _line.Add(b);
            }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            if (_line.Count > 0)
            {
                EmitLocked();
            }
        }
    }

    private void EmitLocked()
    {
        var text = Encoding.UTF8.GetString([.. _line]).TrimEnd('\r');
        _line.Clear();
        try
        {
            emit(text);
        }
        catch (Exception)
        {
            // A logging failure must never close the guest's stream (Wasmtime closes it when the callback throws).
        }
    }
}
