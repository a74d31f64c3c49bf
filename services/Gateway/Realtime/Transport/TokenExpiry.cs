using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// When an open WebSocket's token expires, its conversation ends with <see cref="ConversationEnd.TokenExpired"/>
/// (close <see cref="CloseCodes.Unauthorized"/>: renew the token and reconnect). A tenant's block ends it through
/// <see cref="Revocations"/>.
/// </summary>
internal sealed class TokenExpiry : IDisposable
{
    private readonly ITimer _expiry;

    public TokenExpiry(AuthenticatedCaller caller, TimeProvider time, Conversation conversation)
    {
        var left = caller.ExpiresAt - time.GetUtcNow();
        var due = TimeSpan.FromMilliseconds(Math.Clamp(left.TotalMilliseconds, 0, uint.MaxValue - 2d));
        _expiry = time.CreateTimer(
            static c => ((Conversation)c!).Close(ConversationEnd.TokenExpired), conversation, due,
            Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _expiry.Dispose();
}
