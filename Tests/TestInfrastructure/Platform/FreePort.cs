using System.Net;
using System.Net.Sockets;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>A loopback TCP port nobody listens on right now, for processes that need their port on the command line.</summary>
public static class FreePort
{
    public static int Next()
    {
        // The kernel hands out ephemeral ports round-robin, so a port just released is not handed out again at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
