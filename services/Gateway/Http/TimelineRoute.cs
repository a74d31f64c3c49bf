using DaprSupport.Contracts;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/sessions/{id}/timeline?afterSeq=N&amp;limit=L</c> (on the <c>/v1</c> group): a session's durable items
/// after N, at most L (1–500, default 500), for its participants and the tenant's supervisors. When more items follow
/// the page, a <c>Link: &lt;…?afterSeq=last&amp;limit=L&gt;; rel="next"</c> header names the next page (RFC 8288).
/// </summary>
public static class TimelineRoute
{
    public static IEndpointRouteBuilder MapTimelineRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sessions/{sessionId}/timeline", ReadAsync);
        return routes;
    }

    private static async Task<Results<Ok<List<ItemFrame>>, ProblemHttpResult>> ReadAsync(
        string sessionId, [FromQuery] long? afterSeq, [FromQuery] int? limit, HttpRequest request,
        CallerAuthenticator callers, SessionsClient sessions, CancellationToken ct)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        if (afterSeq is < 0 || limit is < 1 or > SessionLimits.MaxTimelinePage)
        {
            return PublicRoutes.ToProblem(new ErrorFrame(
                ErrorCodes.InvalidArgument, $"afterSeq must be ≥ 0 and limit 1–{SessionLimits.MaxTimelinePage}."));
        }

        var session = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (session.Error is { } denied)
        {
            return PublicRoutes.ToProblem(denied);
        }

        // Up to the last seq the authorization read said: one read of the session per request, not two.
        var page = limit ?? SessionLimits.MaxTimelinePage;
        var items = await sessions.ReadTimelineAsync(
            principal.Tenant, sessionId, afterSeq ?? 0, ct, page, upToSeq: session.Value!.LastSeq);
        if (items.Value is not { } list)
        {
            return PublicRoutes.ToProblem(items.Error!);
        }

        // A visitor never gets staff notes: its page simply has gaps (the next link still pages on by seq).
        var ordered = list.OrderBy(i => i.Seq).ToList();
        var frames = ordered
            .Where(i => i.Kind != TimelineItemKind.Note || principal.Role != Roles.Visitor)
            .Select(i => ItemFrame.Of(i, principal))
            .ToList();
        if (ordered.Count > 0 && ordered[^1].Seq < session.Value!.LastSeq)
        {
            request.HttpContext.Response.Headers.Link =
                $"</v1/sessions/{sessionId}/timeline?afterSeq={ordered[^1].Seq}&limit={page}>; rel=\"next\"";
        }

        return TypedResults.Ok(frames);
    }
}
