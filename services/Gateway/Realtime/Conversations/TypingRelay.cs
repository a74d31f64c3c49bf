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
    internal async Task RelayAsync(
        SupportPrincipal principal, TypingFrame typing, IFrameSink replies, CancellationToken ct)
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

        var session = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (session.Value is not { } s)
        {
            replies.Emit(session.Error!);
            return;
        }

        if (principal.Role == Roles.Agent && (s.Status != SessionStatus.Assigned || s.AgentId != principal.UserId))
        {
            replies.Emit(new ErrorFrame(ErrorCodes.Forbidden, "Not this session's agent."));
            return;
        }

        if (s.Status == SessionStatus.Resolved)
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
}
