using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>A session operation's outcome: the session after the turn, or why nothing changed.</summary>
/// <param name="Agent">After an accept: the agent as its claim left it; after a resolve or a transfer: the agent as
/// the release left it. The caller gives it to the router without asking the agent again. Null otherwise, and on a
/// replayed request.</param>
/// <param name="Before">After a resolve or a transfer: the session as the turn found it (which agent and offer it
/// held, whether it waited), so the caller need not read it first. Null otherwise, and on a replayed request.</param>
public sealed record SessionResult(
    SessionSnapshot? Session, SupportError? Error, AgentSnapshot? Agent = null, SessionSnapshot? Before = null)
{
    public static SessionResult Ok(SessionSnapshot session) => new(session, null);

    public static SessionResult Fail(SupportError error) => new(null, error);
}
