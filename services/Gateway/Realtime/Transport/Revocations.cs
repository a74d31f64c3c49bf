using System.Collections.Concurrent;
using System.Net;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// Open connections that a configuration change may cut. On the tenant directory's one change signal — a tenant's new
/// version applied to this replica's cache, or the seed section reloaded — each affected connection whose user,
/// visitor or address is now blocked (or whose tenant is disabled) is revoked: its conversation ends with
/// <see cref="ConversationEnd.Blocked"/> and the transport closes it with 4403.
/// </summary>
public sealed class Revocations : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Watch, byte>> _byTenant =
        new(StringComparer.Ordinal);
    private readonly CallerAuthenticator _callers;
    private readonly IDisposable _changes;

    public Revocations(CallerAuthenticator callers, TenantDirectory tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        _callers = callers;
        _changes = tenants.OnChange(OnChanged);
    }

    /// <summary>
    /// Watches one open connection until disposed; <paramref name="close"/> is called when it gets blocked (again at
    /// each later change that still blocks it: the conversation keeps the first end).
    /// </summary>
    public Watch Open(SupportPrincipal principal, IPAddress? address, Action<ConversationEnd> close)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var watches = _byTenant.GetOrAdd(principal.Tenant, _ => new ConcurrentDictionary<Watch, byte>());
        var watch = new Watch(principal, address, watches, close);
        watches[watch] = 0;
        return watch;
    }

    public void Dispose() => _changes.Dispose();

    /// <summary>
    /// Re-checks the tenant's connections (every connection when <paramref name="tenant"/> is null).
    /// </summary>
    private void OnChanged(string? tenant)
    {
        var affected = tenant is null
            ? _byTenant.Values
            : _byTenant.TryGetValue(tenant, out var watches) ? [watches] : [];
        foreach (var watch in affected.SelectMany(w => w.Keys))
        {
            if (_callers.IsBlocked(watch.Principal) || _callers.IsBlockedAddress(watch.Principal, watch.Address))
            {
                watch.Revoke();
            }
        }
    }

    public sealed class Watch(
        SupportPrincipal principal, IPAddress? address, ConcurrentDictionary<Watch, byte> owner,
        Action<ConversationEnd> close) : IDisposable
    {
        public SupportPrincipal Principal { get; } = principal;

        public IPAddress? Address { get; } = address;

        internal void Revoke() => close(ConversationEnd.Blocked);

        public void Dispose() => owner.TryRemove(this, out _);
    }
}
