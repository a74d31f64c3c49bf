using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// When an open WebSocket's right to stay open ends: its token expires (close <see cref="CloseCodes.Unauthorized"/>:
/// renew the token and reconnect) or its tenant blocks the user (close <see cref="CloseCodes.Blocked"/>, noticed when
/// the tenant settings reload, or when <see cref="Revocations"/> finds it blocked by a configuration change).
/// <see cref="Revoked"/> completes with the close code and reason, once.
/// </summary>
internal sealed class SocketRevocation : IDisposable
{
    private readonly TaskCompletionSource<(int Code, string Reason)> _revoked =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _expiry;
    private readonly IDisposable? _tenantChanges;
    private readonly CancellationTokenRegistration _configurationBlock;

    public SocketRevocation(
        AuthenticatedCaller caller, CallerAuthenticator callers, TenantDirectory tenants, TimeProvider time,
        CancellationToken blockedByConfiguration)
    {
        var left = caller.ExpiresAt - time.GetUtcNow();
        var due = TimeSpan.FromMilliseconds(Math.Clamp(left.TotalMilliseconds, 0, uint.MaxValue - 2d));
        _expiry = time.CreateTimer(
            _ => _revoked.TrySetResult((CloseCodes.Unauthorized, "token expired: renew it and reconnect")),
            null, due, Timeout.InfiniteTimeSpan);
        _tenantChanges = tenants.OnChange(() =>
        {
            if (callers.IsBlocked(caller.Principal))
            {
                _revoked.TrySetResult((CloseCodes.Blocked, "blocked"));
            }
        });
        _configurationBlock = blockedByConfiguration.Register(
            () => _revoked.TrySetResult((CloseCodes.Blocked, "blocked")));
    }

    public Task<(int Code, string Reason)> Revoked => _revoked.Task;

    public void Dispose()
    {
        _expiry.Dispose();
        _tenantChanges?.Dispose();
        _configurationBlock.Dispose();
    }
}
