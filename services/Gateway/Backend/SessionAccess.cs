using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Backend;

/// <summary>
/// Who may see a session: its visitor, its agent (or the agent it is offered to), and supervisors of its tenant.
/// Anything else — another tenant's session included — is not_found, so ids reveal nothing.
/// </summary>
public static class SessionAccess
{
    public static bool CanSee(SupportPrincipal principal, SessionSnapshot session)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(session);
        return session.Tenant == principal.Tenant && principal.Role switch
        {
            Roles.Visitor => session.VisitorId == principal.UserId,
            Roles.Agent => session.AgentId == principal.UserId || session.IsOfferedTo(principal.UserId),
            Roles.Supervisor => true,
            _ => false,
        };
    }

    /// <summary>Who may send typing signals: the session's visitor, or its assigned agent, while it is open.</summary>
    public static bool MayType(SupportPrincipal principal, SessionSnapshot session) =>
        CanSee(principal, session) && session.Status != SessionStatus.Resolved && principal.Role switch
        {
            Roles.Visitor => true,
            Roles.Agent => session.Status == SessionStatus.Assigned && session.AgentId == principal.UserId,
            _ => false,
        };

    /// <summary>The session in the caller's tenant, if the caller may see it.</summary>
    public static async Task<Outcome<SessionSnapshot>> AuthorizeAsync(
        this SessionsClient sessions, SupportPrincipal principal, string sessionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(principal);
        var outcome = await sessions.GetAsync(principal.Tenant, sessionId, ct);
        return outcome.Value is { } session && !CanSee(principal, session)
            ? Outcome.Fail<SessionSnapshot>(ErrorCodes.NotFound, "No such session.")
            : outcome;
    }
}
