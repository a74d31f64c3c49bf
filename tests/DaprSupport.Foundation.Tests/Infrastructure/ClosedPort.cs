using System.Net;
using System.Net.Sockets;

namespace DaprSupport.Foundation.Tests.Infrastructure;

/// <summary>A loopback port that nothing listens on: the "sidecar" address of a service started without Dapr.</summary>
public static class ClosedPort
{
    /// <summary>Binds an ephemeral port and releases it at once, so connecting to it is refused.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
