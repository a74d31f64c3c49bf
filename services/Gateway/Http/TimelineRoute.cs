using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/sessions/{id}/timeline?afterSeq=N</c> (on the <c>/v1</c> group): a session's durable items after N,
/// for its participants and the tenant's supervisors.
/// </summary>
public static class TimelineRoute
{
    public static IEndpointRouteBuilder MapTimelineRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sessions/{sessionId}/timeline", ReadAsync);
        return routes;
    }

    private static async Task<Results<Ok<List<ItemFrame>>, ProblemHttpResult>> ReadAsync(
        string sessionId, [FromQuery] long? afterSeq, HttpRequest request, CallerAuthenticator callers,
        SessionsClient sessions, CancellationToken ct)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        if (afterSeq is < 0)
        {
            return PublicRoutes.ToProblem(new ErrorFrame(ErrorCodes.InvalidArgument, "afterSeq must be ≥ 0."));
        }

        var session = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (session.Error is { } denied)
        {
            return PublicRoutes.ToProblem(denied);
        }

        var items = await sessions.ReadTimelineAsync(principal.Tenant, sessionId, afterSeq ?? 0, ct);
        if (items.Value is not { } list)
        {
            return PublicRoutes.ToProblem(items.Error!);
        }

        return TypedResults.Ok(list.OrderBy(i => i.Seq).Select(i => ItemFrame.Of(i, principal)).ToList());
    }
}
