using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// When an open WebSocket's right to stay open ends: its token expires (close <see cref="CloseCodes.Unauthorized"/>:
/// renew the token and reconnect) or its tenant blocks it (close <see cref="CloseCodes.Blocked"/>, when
/// <see cref="Revocations"/> finds it blocked on the tenant directory's change signal).
/// <see cref="Revoked"/> completes with the close code and reason, once.
/// </summary>
internal sealed class SocketRevocation : IDisposable
{
    private readonly TaskCompletionSource<(int Code, string Reason)> _revoked =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _expiry;
    private readonly CancellationTokenRegistration _configurationBlock;

    public SocketRevocation(
        AuthenticatedCaller caller, TimeProvider time, CancellationToken blockedByConfiguration)
    {
        var left = caller.ExpiresAt - time.GetUtcNow();
        var due = TimeSpan.FromMilliseconds(Math.Clamp(left.TotalMilliseconds, 0, uint.MaxValue - 2d));
        _expiry = time.CreateTimer(
            _ => _revoked.TrySetResult((CloseCodes.Unauthorized, "token expired: renew it and reconnect")),
            null, due, Timeout.InfiniteTimeSpan);
        _configurationBlock = blockedByConfiguration.Register(
            () => _revoked.TrySetResult((CloseCodes.Blocked, "blocked")));
    }

    public Task<(int Code, string Reason)> Revoked => _revoked.Task;

    public void Dispose()
    {
        _expiry.Dispose();
        _configurationBlock.Dispose();
    }
}
