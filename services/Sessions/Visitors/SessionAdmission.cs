using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Visitors;

/// <summary>
/// Whether a create request may open a session: its values within <see cref="SessionLimits"/>, and a slot free in
/// the visitor's cap (<see cref="VisitorActor"/>). A retried start of a session the visitor holds is always admitted.
/// </summary>
public sealed class SessionAdmission(IActorProxyFactory actors, IOptions<VisitorOptions> options)
{
    public async Task<SupportError?> CheckAsync(string tenant, CreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var sessionId = SessionIds.ForStart(tenant, request.VisitorId, request.ClientMsgId);
        var visitor = actors.Visitor(tenant, request.VisitorId);
        var admission = await visitor.AdmitAsync(new AdmitRequest(sessionId, options.Value.MaxOpenSessions));
        return admission.Admitted
            ? null
            : SupportError.Exhausted(
                $"This visitor already has {options.Value.MaxOpenSessions} open sessions; resolve one first.");
    }

    /// <summary>Pure: what is wrong with the request's values, if anything.</summary>
    public static SupportError? Invalid(CreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IdShape.IsId(request.VisitorId))
        {
            return SupportError.Invalid($"visitorId must be 1–{IdShape.MaxLength} of A-Z a-z 0-9 . _ @ - :.");
        }

        if (request.Priority is < 0 or > SessionLimits.MaxPriority)
        {
            return SupportError.Invalid($"priority must be 0–{SessionLimits.MaxPriority}.");
        }

        if (SessionLimits.ContextProblem(request.Context) is { } context)
        {
            return SupportError.Invalid(context);
        }

        if (!SessionLimits.IsClientMsgIdWithinLimit(request.ClientMsgId))
        {
            return SupportError.Invalid(SessionLimits.ClientMsgIdTooLong);
        }

        return request.Skill is null || SessionLimits.IsSkill(request.Skill)
            ? null
            : SupportError.Invalid($"skill must be 1–{SessionLimits.MaxSkillLength} of A-Z a-z 0-9 . _ - :.");
    }
}
