using System.Text.RegularExpressions;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>One HostRuntime process of a <see cref="Platform"/>: its ingress port and the identity it logged at start.</summary>
public sealed partial class PlatformHost : IAsyncDisposable
{
    private readonly TaskCompletionSource<(string HostId, string FriendlyName)> _identity =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal PlatformHost(int index, int httpPort, PlatformProcess process)
    {
        Index = index;
        HttpPort = httpPort;
        Process = process;
        // The startup report is the one line that ties this process to its Host object and Workloads' status.hostId.
        process.OnLine(line =>
        {
            if (StartupReport().Match(line) is { Success: true } match)
            {
                _identity.TrySetResult((match.Groups["id"].Value, match.Groups["name"].Value));
            }
        });
    }

    /// <summary>
    /// Starts host number <paramref name="index"/> as a user would, in its own folder under <paramref name="root"/>, on a
    /// free loopback port, with one NATS for control and data; <paramref name="extraArguments"/> come last.
    /// </summary>
    internal static PlatformHost Start(int index, string root, string natsUrl, IEnumerable<string> extraArguments)
    {
        var port = FreePort.Next();
        var folder = Directory.CreateDirectory(Path.Combine(root, $"host-{index}")).FullName;
        string[] arguments =
        [
            "--host-group", "default",
            "--host-name", "127.0.0.1",
            "--scheduler-nats-url", natsUrl,
            "--data-nats-url", natsUrl,
            "--http-addr", $"127.0.0.1:{port}",
            "--oci-cache-dir", Path.Combine(folder, "oci-cache"),
            .. extraArguments,
        ];
        return new PlatformHost(index, port, PlatformProcess.Start($"host-{index}", PlatformBinaries.HostRuntimeDll, arguments, folder));
    }

    /// <summary>Its position among the platform's hosts, in start order (hosts added later count on).</summary>
    public int Index { get; }

    public int HttpPort { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{HttpPort}/");

    public PlatformProcess Process { get; }

    /// <summary>The host ID (a UUID); Workloads name it in <c>status.hostId</c>.</summary>
    public string HostId => Identity.HostId;

    /// <summary>The Host object's name.</summary>
    public string FriendlyName => Identity.FriendlyName;

    public bool IsKilled { get; private set; }

    private (string HostId, string FriendlyName) Identity =>
        _identity.Task.IsCompletedSuccessfully ? _identity.Task.Result : throw new InvalidOperationException($"{Process} has not reported its identity yet");

    /// <summary>Waits for the startup report line.</summary>
    internal async Task WaitForIdentityAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!_identity.Task.IsCompleted)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Process} exited before reporting its identity:\n{Process.Tail(60)}");
            }

            try
            {
                await _identity.Task.WaitAsync(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (TimeoutException)
            {
                // Look at the process again.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Process} did not report its identity within {timeout}:\n{Process.Tail(60)}");
            }
        }
    }

    /// <summary>SIGKILL: the host vanishes without a goodbye, as when its machine dies.</summary>
    public void Kill()
    {
        IsKilled = true;
        Process.Kill();
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    public override string ToString() =>
        _identity.Task.IsCompletedSuccessfully ? $"host-{Index} {FriendlyName} ({HostId}) on :{HttpPort}" : $"host-{Index} on :{HttpPort}";

    [GeneratedRegex(@"Host (?<id>[0-9a-f-]{36}) \((?<name>[a-z0-9-]+)\) on ")]
    private static partial Regex StartupReport();
}
