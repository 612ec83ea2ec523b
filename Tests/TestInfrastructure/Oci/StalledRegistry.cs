using System.Net;
using System.Net.Sockets;

namespace Wasmcloud.TestInfrastructure.Oci;

/// <summary>
/// A "registry" that accepts connections and never answers, as an overloaded or half-dead one does: every pull from
/// it hangs until the puller's own timeout. Counts connections so a test knows a pull is in flight.
/// </summary>
public sealed class StalledRegistry : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public StalledRegistry()
    {
        _listener.Start();
        Host = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _ = AcceptAsync();
    }

    /// <summary>The registry's name in image references: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Host { get; }

    /// <summary>Connections accepted so far: one per pull attempt that reached it.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }

            _held.Clear();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_held)
                {
                    // Held open and never read: the puller waits for a response that does not come.
                    _held.Add(client);
                }

                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }
}
