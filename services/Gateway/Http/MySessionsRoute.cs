using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/me/sessions</c> (on the <c>/v1</c> group): the sessions assigned to the calling agent right now, as
/// <c>session</c> frames plus their last seq, so a desk opened afresh (a reload, another browser) can
/// <c>hello.resume</c> them. Agents only: visitors keep their session id themselves (the widget), supervisors use
/// the snapshot.
/// </summary>
public static class MySessionsRoute
{
    public static IEndpointRouteBuilder MapMySessionsRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/me/sessions", ReadAsync);
        return routes;
    }

    private static async Task<Results<Ok<MySessions>, ProblemHttpResult>> ReadAsync(
        HttpRequest request, CallerAuthenticator callers, SessionsClient sessions, CancellationToken ct)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(request, callers, Roles.Agent, "Agents only.");
        if (principal is null)
        {
            return refusal!;
        }

        var agent = await sessions.GetAgentAsync(principal.Tenant, principal.UserId, ct);
        if (agent.Value is not { } snapshot)
        {
            return PublicRoutes.ToProblem(agent.Error!);
        }

        var found = await Task.WhenAll(snapshot.Sessions.Select(id => sessions.GetAsync(principal.Tenant, id, ct)));
        var mine = found
            .Select(f => f.Value)
            .OfType<SessionSnapshot>()
            .Where(s => s.Status == SessionStatus.Assigned && s.AgentId == principal.UserId)
            .OrderBy(s => s.SessionId, StringComparer.Ordinal)
            .Select(s => new MySession(SessionFrame.Of(s, null), s.LastSeq))
            .ToList();
        return TypedResults.Ok(new MySessions(mine));
    }
}

/// <summary>The answer of <c>GET /v1/me/sessions</c>.</summary>
public sealed record MySessions(IReadOnlyList<MySession> Sessions);

/// <summary>One of the caller's sessions: its current <c>session</c> frame and its last seq.</summary>
public sealed record MySession(SessionFrame Session, long LastSeq);
