using DaprSupport.Contracts;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/supervisor/snapshot</c> (on the <c>/v1</c> group): the caller's tenant's agents and queues, read-only,
/// for supervisors. The console polls it (no faster than every 2 s).
/// </summary>
public static class SupervisorRoute
{
    public static IEndpointRouteBuilder MapSupervisorRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/supervisor/snapshot", ReadAsync);
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

        var snapshot = await sessions.GetQueuesAsync(principal.Tenant, ct);
        return snapshot.Value is { } queues
            ? TypedResults.Ok(SupervisorSnapshot.From(queues, time.GetUtcNow()))
            : PublicRoutes.ToProblem(snapshot.Error!);
    }
}
