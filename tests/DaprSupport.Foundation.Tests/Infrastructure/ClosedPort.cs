using System.Net;
using System.Net.Sockets;

namespace DaprSupport.Foundation.Tests.Infrastructure;

/// <summary>
/// A loopback port that refuses connections for as long as this object lives: the socket is bound (so no other
/// process or test can take the port) but never listens. It stands in for the address of an absent sidecar.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
