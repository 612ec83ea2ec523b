using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// One child process of the platform (<c>dotnet Wasmcloud.Silo.dll …</c>, a host, nats-server, a registry) with the
/// tail of its output kept for failure messages. Every live one is killed if the test process exits without disposing
/// it, so an aborted run leaves no silo, host or server behind holding ports.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 2000;

    private static readonly ConcurrentDictionary<PlatformProcess, bool> s_live = new();

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly List<Action<string>> _lineListeners = [];

    static PlatformProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in s_live.Keys)
        {
            process.Kill();
        }
    };

    private PlatformProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A short label for messages: <c>silo</c>, <c>host-0</c>.</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> in <paramref name="workingDirectory"/>, with <paramref name="environment"/> added to ours.</summary>
    public static PlatformProcess Start(string name, string dll, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        StartExecutable(name, PlatformBinaries.DotnetExecutable, [dll, .. arguments], workingDirectory, environment);

    /// <summary>Starts <paramref name="executable"/> (<c>nats-server</c>, <c>docker-registry</c>, <c>dotnet</c>) with <paramref name="arguments"/>.</summary>
    public static PlatformProcess StartExecutable(string name, string executable, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var platformProcess = new PlatformProcess(name, process);
        process.OutputDataReceived += (_, e) => platformProcess.Append(e.Data);
        process.ErrorDataReceived += (_, e) => platformProcess.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {executable}");
        }

        s_live[platformProcess] = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return platformProcess;
    }

    /// <summary>Calls <paramref name="listener"/> with every line written from now on, and with the lines already kept.</summary>
    public void OnLine(Action<string> listener)
    {
        string[] earlier;
        lock (_output)
        {
            _lineListeners.Add(listener);
            earlier = [.. _output];
        }

        foreach (var line in earlier)
        {
            listener(line);
        }
    }

    /// <summary>SIGKILL to the process and its children: no shutdown hooks run, as when a machine dies.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The kernel has been told; not worth hanging a test run over.
        }

        s_live.TryRemove(this, out _);
        _process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Id})";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        Action<string>[] listeners;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }

            listeners = [.. _lineListeners];
        }

        foreach (var listener in listeners)
        {
            listener(line);
        }
    }

    /// <summary>A snapshot of the kept output, one entry per line.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    /// <summary>The kept output, last <paramref name="lines"/> lines, for a failure message.</summary>
    public string Tail(int lines)
    {
        lock (_output)
        {
            var text = new StringBuilder();
            foreach (var line in _output.Skip(Math.Max(0, _output.Count - lines)))
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }
}
