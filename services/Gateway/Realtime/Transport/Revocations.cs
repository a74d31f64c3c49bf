using System.Collections.Concurrent;
using System.Net;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// Open connections that a configuration change or their token's expiry may cut. On the tenant directory's one
/// change signal — a tenant's new version applied to this replica's cache, or the seed section reloaded — each
/// affected connection whose user, visitor or address is now blocked (or whose tenant is disabled) is revoked: its
/// conversation ends with <see cref="ConversationEnd.Blocked"/> and the transport closes it with 4403. Once a second,
/// every connection whose token has expired ends with <see cref="ConversationEnd.TokenExpired"/> (4401: renew the
/// token and reconnect) — one timer for the replica rather than one per connection, which every idle socket held.
/// </summary>
public sealed class Revocations : IDisposable
{
    /// <summary>How often expired tokens are looked for: a connection outlives its token by at most this.</summary>
    public static readonly TimeSpan ExpirySweep = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Watch, byte>> _byTenant =
        new(StringComparer.Ordinal);
    private readonly CallerAuthenticator _callers;
    private readonly TimeProvider _time;
    private readonly IDisposable _changes;
    private readonly ITimer _expiry;

    public Revocations(CallerAuthenticator callers, TenantDirectory tenants, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(time);
        _callers = callers;
        _time = time;
        _changes = tenants.OnChange(OnChanged);
        _expiry = time.CreateTimer(static r => ((Revocations)r!).ExpireNow(), this, ExpirySweep, ExpirySweep);
    }

    /// <summary>
    /// Watches one open connection until disposed; <paramref name="close"/> is called when it gets blocked or its
    /// token (valid until <paramref name="expiresAt"/>) expires — again at later changes and sweeps while it is still
    /// open: the conversation keeps the first end.
    /// </summary>
    public Watch Open(
        SupportPrincipal principal, IPAddress? address, DateTimeOffset expiresAt, Action<ConversationEnd> close)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var watches = _byTenant.GetOrAdd(principal.Tenant, _ => new ConcurrentDictionary<Watch, byte>());
        var watch = new Watch(principal, address, expiresAt, watches, close);
        watches[watch] = 0;
        return watch;
    }

    /// <summary>Ends each watched connection whose token expired by <paramref name="now"/>.</summary>
    internal void Expire(DateTimeOffset now)
    {
        foreach (var watch in _byTenant.Values.SelectMany(w => w.Keys))
        {
            if (watch.ExpiresAt <= now)
            {
                watch.End(ConversationEnd.TokenExpired);
            }
        }
    }

    public void Dispose()
    {
        _expiry.Dispose();
        _changes.Dispose();
    }

    private void ExpireNow() => Expire(_time.GetUtcNow());

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
                watch.End(ConversationEnd.Blocked);
            }
        }
    }

    public sealed class Watch(
        SupportPrincipal principal, IPAddress? address, DateTimeOffset expiresAt,
        ConcurrentDictionary<Watch, byte> owner, Action<ConversationEnd> close) : IDisposable
    {
        public SupportPrincipal Principal { get; } = principal;

        public IPAddress? Address { get; } = address;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        internal void End(ConversationEnd end) => close(end);

        public void Dispose() => owner.TryRemove(this, out _);
    }
}
