using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Wasmcloud.TestInfrastructure.Nats;

/// <summary>
/// A real <c>nats-server</c> (JetStream on) on random loopback ports, one per test collection. It can be stopped
/// and started again on the same client port, so clients see an outage and then reconnect.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly string _root = Directory.CreateTempSubdirectory("nats-fixture-").FullName;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private int _clientPort = -1;

    /// <summary>The client URL, e.g. <c>nats://127.0.0.1:40123</c>; stable across <see cref="StopAsync"/>/<see cref="StartAsync"/>.</summary>
    public string ClientUrl { get; private set; } = "";

    public Uri? MonitoringUrl { get; private set; }

    /// <summary>More nats-server flags, e.g. TLS (<see cref="TlsNatsServerFixture"/>); set before the first start.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>False starts a server without JetStream, to see how clients that need it fail.</summary>
    public bool JetStream { get; init; } = true;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public ValueTask InitializeAsync() => new(StartAsync());

    /// <summary>Starts the server (again); a restart reuses the client port so reconnecting clients find it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsRunning)
            {
                return;
            }

            var portsDir = Directory.CreateDirectory(Path.Combine(_root, "ports")).FullName;
            foreach (var stale in Directory.EnumerateFiles(portsDir))
            {
                File.Delete(stale);
            }

            var start = new ProcessStartInfo(FindExecutable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "-a", "127.0.0.1", "-p", _clientPort.ToString(), "-m", "-1",
                         "--ports_file_dir", portsDir,
                     }.Concat(JetStream ? ["-js", "-sd", Path.Combine(_root, "store")] : []).Concat(ExtraArguments))
            {
                start.ArgumentList.Add(arg);
            }

            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            if (!process.Start())
            {
                throw new InvalidOperationException("nats-server did not start.");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StartDeadline);
            try
            {
                var (client, monitoring) = await ReadPortsFileAsync(process, portsDir, deadline.Token);
                await WaitHealthyAsync(process, monitoring, deadline.Token);
                ClientUrl = client;
                MonitoringUrl = monitoring;
                _clientPort = new Uri(client).Port;
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
            {
                await KillAsync();
                throw new InvalidOperationException($"nats-server did not become healthy within {StartDeadline}:\n{Output}", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the server, as an outage would; clients keep their URL and reconnect after <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await KillAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test run over.
        }

        _gate.Dispose();
    }

    private async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
        finally
        {
            process.Dispose();
        }
    }

    private static async Task<(string Client, Uri Monitoring)> ReadPortsFileAsync(Process process, string portsDir, CancellationToken cancellationToken)
    {
        var path = Path.Combine(portsDir, $"nats-server_{process.Id}.ports");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with code {process.ExitCode}.");
            }

            if (File.Exists(path))
            {
                try
                {
                    using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken));
                    var client = doc.RootElement.GetProperty("nats")[0].GetString();
                    var monitoring = doc.RootElement.GetProperty("monitoring")[0].GetString();
                    if (client is not null && monitoring is not null)
                    {
                        return (client, new Uri(monitoring));
                    }
                }
                catch (JsonException)
                {
                    // Caught the file half-written; read it again on the next poll.
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task WaitHealthyAsync(Process process, Uri monitoring, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var healthz = new Uri(monitoring, "/healthz");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with code {process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(healthz, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A single probe timed out; the overall deadline decides.
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("NATS_SERVER_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        // apt installs it in /usr/sbin, which is not on every user's PATH.
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/local/bin");
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, "nats-server");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("nats-server was not found: install it (apt-get install nats-server) or set NATS_SERVER_BIN.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the tail only: a long test run must not grow this without bound.
            if (_output.Length > 64 * 1024)
            {
                _output.Remove(0, _output.Length / 2);
            }

            _output.AppendLine(line);
        }
    }
}
