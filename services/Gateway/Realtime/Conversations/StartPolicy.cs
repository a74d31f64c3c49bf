using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// What a visitor's <c>start</c> may ask for (docs/security.md "No caller-chosen privileges"): a skill only among the
/// tenant's public skill groups (none: the default group; from its configuration document, else its seed), and never
/// a priority — the session's priority comes only from trusted sources: the configured one of its skill group, or the
/// priority the tenant's backend signed into a verified identity (<see cref="SupportPrincipal.Priority"/>), whichever
/// is higher, bounded by <see cref="SessionLimits.MaxPriority"/>. Pure: no calls.
/// </summary>
public sealed class StartPolicy(TenantDirectory tenants)
{
    /// <summary>The session to ask the sessions service for, or the refusal to answer.</summary>
    public (CreateSessionRequest? Request, ErrorFrame? Refusal) Decide(SupportPrincipal principal, StartFrame start)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(start);
        if (principal.Role != Roles.Visitor)
        {
            return Refuse(ErrorCodes.Forbidden, "Only visitors start sessions.", start);
        }

        if (start.ClientMsgId is not { Length: > 0 } clientMsgId || string.IsNullOrEmpty(start.Text))
        {
            return Refuse(ErrorCodes.BadFrame, "start needs clientMsgId and text.", start);
        }

        if (!SessionLimits.IsClientMsgIdWithinLimit(clientMsgId))
        {
            return Refuse(ErrorCodes.InvalidArgument, SessionLimits.ClientMsgIdTooLong, start);
        }

        if (start.Priority is not null)
        {
            return Refuse(ErrorCodes.InvalidArgument,
                "start takes no priority: a session's priority comes from the tenant's configuration.", start);
        }

        if (!tenants.TryGetPublicSkill(principal.Tenant, start.Skill, out var groupPriority))
        {
            return Refuse(ErrorCodes.InvalidArgument,
                "Unknown skill: name one of the tenant's public skill groups, or none for the default.", start);
        }

        if (SessionLimits.ContextProblem(start.Context) is { } context)
        {
            return Refuse(ErrorCodes.InvalidArgument, context, start);
        }

        var priority = Math.Clamp(
            Math.Max(groupPriority, principal.Priority ?? 0), 0, SessionLimits.MaxPriority);
        return (new CreateSessionRequest(
            principal.UserId, principal.DisplayName, start.Skill, priority, clientMsgId, start.Text, start.Context),
            null);
    }

    private static (CreateSessionRequest?, ErrorFrame?) Refuse(string code, string message, StartFrame start) =>
        (null, new ErrorFrame(code, message, start.ClientMsgId));
}
