using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// The supervisor routes (on the <c>/v1</c> group), for supervisors of the caller's tenant only:
/// <c>GET /v1/supervisor/snapshot</c> (agents, queues and SLA figures, read-only; the console polls it no faster than
/// every 2 s) and <c>POST /v1/supervisor/sessions/{sessionId}/takeover</c> (the supervisor takes an assigned chat
/// from its agent and holds it himself; the answer is the session frame and last seq to <c>hello.resume</c> from).
/// </summary>
public static class SupervisorRoute
{
    public static IEndpointRouteBuilder MapSupervisorRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/supervisor/snapshot", ReadAsync);
        routes.MapPost("/supervisor/sessions/{sessionId}/takeover", TakeOverAsync);
        return routes;
    }

    private static async Task<Results<Ok<SupervisorSnapshot>, ProblemHttpResult>> ReadAsync(
        HttpRequest request, CallerAuthenticator callers, SessionsClient sessions, TimeProvider time,
        CancellationToken ct)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(
            request, callers, Roles.Supervisor, "Supervisors only.");
        if (principal is null)
        {
            return refusal!;
        }

        var queuesRead = sessions.GetQueuesAsync(principal.Tenant, ct);
        var slaRead = sessions.GetSlaAsync(principal.Tenant, ct);
        var (snapshot, sla) = (await queuesRead, await slaRead);
        return snapshot.Value is { } queues
            ? TypedResults.Ok(SupervisorSnapshot.From(queues, sla.Value, time.GetUtcNow()))
            : PublicRoutes.ToProblem(snapshot.Error!);
    }

    private static async Task<Results<Ok<MySession>, ProblemHttpResult>> TakeOverAsync(
        string sessionId, HttpRequest request, CallerAuthenticator callers, SessionsClient sessions,
        CancellationToken ct)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(
            request, callers, Roles.Supervisor, "Supervisors only.");
        if (principal is null)
        {
            return refusal!;
        }

        var taken = await sessions.TakeOverAsync(
            principal.Tenant, sessionId,
            new TakeOverRequest(principal.UserId, principal.Role, principal.DisplayName), ct);
        return taken.Value is { } session
            ? TypedResults.Ok(new MySession(SessionFrame.Of(session, null), session.LastSeq))
            : PublicRoutes.ToProblem(taken.Error!);
    }
}
