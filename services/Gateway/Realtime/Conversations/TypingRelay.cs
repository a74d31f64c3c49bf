using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The <c>typing</c> frame: from a session's visitor or its assigned agent, throttled (<see cref="TypingThrottle"/>),
/// published on the fanout component so every replica relays it to the session's other followers. Never stored.
/// </summary>
public sealed class TypingRelay(
    TypingThrottle throttle, SessionsClient sessions, DaprClient dapr, ILogger<TypingRelay> logger)
{
    /// <summary>
    /// Relays a signal. <paramref name="shown"/> is the session as the sender's connection was last shown it (null when
    /// it does not follow it): when that says the sender may type, it is trusted, as a page types every 2 s while its
    /// user writes; otherwise a fresh read decides, and answers.
    /// </summary>
    internal async Task RelayAsync(
        SupportPrincipal principal, TypingFrame typing, SessionSnapshot? shown, IFrameSink replies,
        CancellationToken ct)
    {
        if (typing.SessionId is not { Length: > 0 } sessionId)
        {
            replies.Emit(new ErrorFrame(ErrorCodes.BadFrame, "typing needs sessionId."));
            return;
        }

        if (principal.Role is not (Roles.Visitor or Roles.Agent))
        {
            replies.Emit(new ErrorFrame(ErrorCodes.Forbidden, "Only the visitor and the assigned agent type."));
            return;
        }

        if (!throttle.TryAdmit(principal.Tenant, principal.Role, principal.UserId, sessionId))
        {
            return;
        }

        var shownMayType = shown is not null && SessionAccess.MayType(principal, shown);
        if (!shownMayType && !await MayTypeNowAsync(principal, sessionId, replies, ct))
        {
            return;
        }

        var by = new Participant(principal.Role, principal.UserId, principal.DisplayName);
        var signal = new SessionTyping(principal.Tenant, sessionId, by, DateTimeOffset.UtcNow);
        try
        {
            await dapr.PublishEventAsync(Components.Fanout, Topics.SessionTyping, signal,
                new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = sessionId }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Ephemeral: a lost signal is only a missing "is typing"; the next keystroke sends another.
            logger.LogDebug(e, "Typing signal for {SessionId} not published", sessionId);
        }
    }

    /// <summary>
    /// Whether a fresh read of the session lets the sender type; a refusal is answered (none for a resolved session).
    /// </summary>
    private async Task<bool> MayTypeNowAsync(
        SupportPrincipal principal, string sessionId, IFrameSink replies, CancellationToken ct)
    {
        var session = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (session.Value is not { } s)
        {
            replies.Emit(session.Error!);
            return false;
        }

        if (SessionAccess.MayType(principal, s))
        {
            return true;
        }

        // An agent the session is not assigned to (a resolved one included) is refused; the visitor of a resolved
        // session has nothing to relay.
        if (principal.Role == Roles.Agent)
        {
            replies.Emit(new ErrorFrame(ErrorCodes.Forbidden, "Not this session's agent."));
        }

        return false;
    }
}
