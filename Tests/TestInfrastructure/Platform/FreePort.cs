using System.Net;
using System.Net.Sockets;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>A loopback TCP port nobody listens on right now, for processes that need their port on the command line.</summary>
public static class FreePort
{
    public static int Next()
    {
        // Another process could take the port before ours binds it; with ports drawn at random from the wide
        // ephemeral range that is rare enough for tests, and a clash shows as a start failure, not a wrong result.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
