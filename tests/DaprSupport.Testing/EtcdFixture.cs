using DaprSupport.DaprEmulator.Processes;

namespace DaprSupport.Testing;

/// <summary>One real etcd server for a test collection, on a free loopback port with a temporary data dir.</summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private EtcdProcess? _etcd;

    public string Endpoint => _etcd?.Endpoint ?? throw new InvalidOperationException("etcd is not started.");

    public async Task InitializeAsync() => _etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }
}
