namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>Heartbeats agents in the background (as their open sockets would) so their presence leases hold.</summary>
public sealed class HeartbeatLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private HeartbeatLoop(RoutingApi api, string tenant, string[] agents) => _loop = RunAsync(api, tenant, agents, _stop.Token);

    public static HeartbeatLoop Start(RoutingApi api, string tenant, params string[] agents) => new(api, tenant, agents);

    private static async Task RunAsync(RoutingApi api, string tenant, string[] agents, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(400));
        try
        {
            do
            {
                await Task.WhenAll(agents.Select(a => api.HeartbeatAsync(tenant, a)));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
