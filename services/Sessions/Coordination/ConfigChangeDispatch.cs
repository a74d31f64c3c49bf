using DaprSupport.Configuration.Cache;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// A new configuration version of a tenant may make offers possible (a higher load threshold, a group switched to
/// manual claim mode): this replica runs a dispatch pass for the tenant when its cache applies one. Routing reads the
/// parameters from the cache at each decision anyway; this only makes the change act without waiting for an event.
/// </summary>
public sealed class ConfigChangeDispatch(TenantConfigCache cache, OfferDispatcher dispatcher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cache.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cache.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(TenantConfigSnapshot snapshot) => dispatcher.Schedule(snapshot.Signed.Tenant);
}
