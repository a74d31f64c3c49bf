using DaprSupport.Contracts.Errors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>A session operation's outcome: the session after the turn, or why nothing changed.</summary>
public sealed record SessionResult(SessionSnapshot? Session, SupportError? Error)
{
    public static SessionResult Ok(SessionSnapshot session) => new(session, null);

    public static SessionResult Fail(SupportError error) => new(null, error);
}
