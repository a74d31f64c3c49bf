using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/sessions/{id}/visitor</c> (on the <c>/v1</c> group): who the session's visitor is, for the staff who
/// may see the session (its agent, or the agent it is offered to, and the tenant's supervisors): the visitor by
/// handle and name, the page and fields of its <c>start.context</c>, and its other recent sessions with status and
/// dates. Visitors are refused (forbidden); a session the caller may not see is not_found.
/// </summary>
public static class VisitorDetailsRoute
{
    public static IEndpointRouteBuilder MapVisitorDetailsRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sessions/{sessionId}/visitor", ReadAsync);
        return routes;
    }

    private static async Task<Results<Ok<VisitorDetails>, ProblemHttpResult>> ReadAsync(
        string sessionId, HttpRequest request, CallerAuthenticator callers, SessionsClient sessions,
        CancellationToken ct)
    {
        var (principal, refusal) = await StaffRoutes.AuthenticateAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        var found = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (found.Value is not { VisitorId: { } visitorId } session)
        {
            return PublicRoutes.ToProblem(found.Error ?? new ErrorFrame(ErrorCodes.NotFound, "No such session."));
        }

        var history = await sessions.GetVisitorSessionsAsync(principal.Tenant, visitorId, ct);
        if (history.Value is not { } list)
        {
            return PublicRoutes.ToProblem(history.Error!);
        }

        var visitor = new Participant(
            Roles.Visitor, VisitorHandles.Of(principal.Tenant, visitorId), session.VisitorName);
        var earlier = list
            .Where(s => s.SessionId != sessionId)
            .Select(s => new EarlierSession(
                s.SessionId, s.Status.ToString().ToLowerInvariant(), s.Skill, s.CreatedAt, s.ResolvedAt))
            .ToList();
        return TypedResults.Ok(new VisitorDetails(
            visitor, session.Context?.Page, session.Context?.Fields ?? new Dictionary<string, string>(), earlier));
    }
}

/// <summary>The answer of <c>GET /v1/sessions/{id}/visitor</c>.</summary>
public sealed record VisitorDetails(
    Participant Visitor, string? Page, IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<EarlierSession> Sessions);

/// <summary>Another session of the same visitor: its status now (queued, offered, assigned, resolved), dates.</summary>
public sealed record EarlierSession(
    string SessionId, string Status, string? Skill, DateTimeOffset? CreatedAt, DateTimeOffset? ResolvedAt);
