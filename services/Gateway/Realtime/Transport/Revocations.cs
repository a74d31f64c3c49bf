using System.Collections.Concurrent;
using System.Net;
using DaprSupport.Configuration.Cache;
using DaprSupport.Gateway.Http;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// Open connections that a configuration change may cut: when a tenant's new version is applied, each of its
/// connections whose user, visitor or address is now blocked (or whose tenant is disabled) is revoked — its token
/// fires and the transport closes it with 4403.
/// </summary>
public sealed class Revocations : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Watch, byte>> _byTenant =
        new(StringComparer.Ordinal);
    private readonly CallerAuthenticator _callers;
    private readonly TenantConfigCache _cache;

    public Revocations(CallerAuthenticator callers, TenantConfigCache cache)
    {
        _callers = callers;
        _cache = cache;
        _cache.Changed += OnChanged;
    }

    /// <summary>
    /// Watches one open connection until disposed; <see cref="Watch.Revoked"/> fires when it gets blocked.
    /// </summary>
    public Watch Open(SupportPrincipal principal, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var watches = _byTenant.GetOrAdd(principal.Tenant, _ => new ConcurrentDictionary<Watch, byte>());
        var watch = new Watch(principal, address, w => watches.TryRemove(w, out _));
        watches[watch] = 0;
        return watch;
    }

    public void Dispose() => _cache.Changed -= OnChanged;

    private void OnChanged(TenantConfigSnapshot snapshot)
    {
        if (!_byTenant.TryGetValue(snapshot.Signed.Tenant, out var watches))
        {
            return;
        }

        foreach (var watch in watches.Keys)
        {
            if (_callers.IsBlocked(watch.Principal) || _callers.IsBlockedAddress(watch.Principal, watch.Address))
            {
                watch.Revoke();
            }
        }
    }

    public sealed class Watch(SupportPrincipal principal, IPAddress? address, Action<Watch> remove) : IDisposable
    {
        private readonly CancellationTokenSource _revoked = new();

        public SupportPrincipal Principal { get; } = principal;

        public IPAddress? Address { get; } = address;

        public CancellationToken Revoked => _revoked.Token;

        internal void Revoke()
        {
            try
            {
                _revoked.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile.
            }
        }

        public void Dispose()
        {
            remove(this);
            _revoked.Dispose();
        }
    }
}
