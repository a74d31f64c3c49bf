using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>A session operation's outcome: the session after the turn, or why nothing changed.</summary>
/// <param name="Agent">After an accept: the agent as its claim left it (the caller gives it to the router without
/// asking the agent again); null otherwise, and on a replayed accept.</param>
public sealed record SessionResult(SessionSnapshot? Session, SupportError? Error, AgentSnapshot? Agent = null)
{
    public static SessionResult Ok(SessionSnapshot session) => new(session, null);

    public static SessionResult Fail(SupportError error) => new(null, error);
}
