using System.Net;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// A real service on a fixed Kestrel port that can be stopped and started again behind the same sidecar: a process
/// restart as the sidecar sees it, so every actor the service hosts is activated afresh over its stored state.
/// </summary>
internal sealed class RestartableService<TMarker>(int port, IReadOnlyDictionary<string, string> settings) : IDisposable
    where TMarker : class
{
    private ServiceFactory<TMarker>? _factory;

    public void Start()
    {
        var factory = new ServiceFactory<TMarker>(settings);
        // Listen options, not UseKestrel(port): the port overload goes through the server's address list, which raced
        // with the start under load ("Addresses cannot be modified after the server has started").
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        _factory = factory;
    }

    public void Restart()
    {
        _factory?.Dispose();
        Start();
    }

    public void Dispose() => _factory?.Dispose();
}
