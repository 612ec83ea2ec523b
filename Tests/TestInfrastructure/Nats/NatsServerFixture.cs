using System.Text.Json;
using Wasmcloud.TestInfrastructure.Platform;
using Xunit;

namespace Wasmcloud.TestInfrastructure.Nats;

/// <summary>
/// A real <c>nats-server</c> (JetStream on) on random loopback ports, one per test collection. It can be stopped
/// and started again on the same client port, so clients see an outage and then reconnect.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private const int OutputLines = 200;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly string _root = Directory.CreateTempSubdirectory("nats-fixture-").FullName;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PlatformProcess? _process;
    private int _clientPort = -1;

    /// <summary>The client URL, e.g. <c>nats://127.0.0.1:40123</c>; stable across <see cref="StopAsync"/>/<see cref="StartAsync"/>.</summary>
    public string ClientUrl { get; private set; } = "";

    public Uri? MonitoringUrl { get; private set; }

    /// <summary>More nats-server flags, e.g. TLS (<see cref="TlsNatsServerFixture"/>); set before the first start.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>False starts a server without JetStream, to see how clients that need it fail.</summary>
    public bool JetStream { get; init; } = true;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the running server printed, for failure messages.</summary>
    public string Output => _process?.Tail(OutputLines) ?? "";

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

            string[] arguments =
            [
                "-a", "127.0.0.1", "-p", _clientPort.ToString(), "-m", "-1", "--ports_file_dir", portsDir,
                .. JetStream ? ["-js", "-sd", Path.Combine(_root, "store")] : Array.Empty<string>(),
                .. ExtraArguments,
            ];
            var process = PlatformProcess.StartExecutable("nats-server", PlatformBinaries.FindExecutable("nats-server", "NATS_SERVER_BIN", "apt-get install nats-server"), arguments);
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
                var output = Output;
                await KillAsync();
                throw new InvalidOperationException($"nats-server did not become healthy within {StartDeadline}:\n{output}", e);
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
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    private static async Task<(string Client, Uri Monitoring)> ReadPortsFileAsync(PlatformProcess process, string portsDir, CancellationToken cancellationToken)
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

    private static async Task WaitHealthyAsync(PlatformProcess process, Uri monitoring, CancellationToken cancellationToken)
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
}
