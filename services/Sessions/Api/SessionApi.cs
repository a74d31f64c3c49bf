using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.ServiceDefaults;
using DaprSupport.History;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.Visitors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DaprSupport.Sessions.Api;

/// <summary>
/// Session operations for the gateway and polyglot backends, reached through Dapr service invocation
/// (app-id <c>sessions</c>). The tenant in the path is the one the caller verified from its token. Operations that span
/// actors go through <see cref="SessionFlows"/>; the timeline and read marks go to the session actor directly.
/// </summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapTenantGroup("/v1/tenants/{tenant}/sessions");
        sessions.MapPost("/", Create);
        sessions.MapGet("/{sessionId}", Get);
        sessions.MapPost("/{sessionId}/accept", Accept);
        sessions.MapPost("/{sessionId}/decline", Decline);
        sessions.MapPost("/{sessionId}/transfer", Transfer);
        sessions.MapPost("/{sessionId}/resolve",
            (string tenant, string sessionId, ResolveRequest body, SessionFlows flows) =>
                Map(flows.ResolveAsync(tenant, sessionId, body)));
        sessions.MapPost("/{sessionId}/reopen",
            (string tenant, string sessionId, ReopenRequest body, SessionFlows flows) =>
                Map(flows.ReopenAsync(tenant, sessionId, body)));
        sessions.MapPost("/{sessionId}/takeover",
            (string tenant, string sessionId, TakeOverRequest body, IActorProxyFactory actors) =>
                Map(actors.Session(tenant, sessionId).TakeOverAsync(body)));
        sessions.MapPost("/{sessionId}/read", MarkRead);
        sessions.MapPost("/{sessionId}/timeline", Append);
        sessions.MapGet("/{sessionId}/timeline", ReadTimeline);

        // The gateway's create: the visitor comes from its token, in the path, so each visitor's creates are their
        // own endpoint for daprd's per-endpoint circuit breaker (a visitor's refusals never open it for others).
        var visitorSessions = routes.MapTenantGroup("/v1/tenants/{tenant}/visitors/{visitorId}/sessions");
        visitorSessions.MapPost("/", CreateForVisitor);
        visitorSessions.MapGet("/", ListForVisitor);
        return routes;
    }

    private static Task<Results<Created<SessionSnapshot>, ProblemHttpResult>> CreateForVisitor(
        string tenant, string visitorId, CreateSessionRequest body, SessionFlows flows, SessionAdmission admission) =>
        Create(tenant, body with { VisitorId = visitorId }, flows, admission);

    /// <summary>The visitor's most recent sessions (newest first), for staff's visitor details.</summary>
    private static async Task<Results<Ok<IReadOnlyList<VisitorSessionSummary>>, ProblemHttpResult>> ListForVisitor(
        string tenant, string visitorId, IActorProxyFactory actors)
    {
        if (!IdShape.IsId(visitorId))
        {
            return Contracts.Errors.SupportError.Invalid("visitorId must be an id.").ToProblem();
        }

        var visitor = actors.Visitor(tenant, visitorId);
        return TypedResults.Ok(await visitor.GetSessionsAsync());
    }

    private static async Task<Results<Created<SessionSnapshot>, ProblemHttpResult>> Create(
        string tenant, CreateSessionRequest body, SessionFlows flows, SessionAdmission admission)
    {
        if (await admission.CheckAsync(tenant, body) is { } refused)
        {
            return refused.ToProblem();
        }

        var result = await flows.CreateAsync(tenant, body);
        return result.Session is { } session
            ? TypedResults.Created($"/v1/tenants/{tenant}/sessions/{session.SessionId}", session)
            : result.Error!.ToProblem();
    }

    private static Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> Accept(
        string tenant, string sessionId, AcceptRequest body, SessionFlows flows) =>
        !IdShape.IsId(body.AgentId)
            ? Task.FromResult<Results<Ok<SessionSnapshot>, ProblemHttpResult>>(
                Contracts.Errors.SupportError.Invalid("agentId must be an id.").ToProblem())
            : Map(flows.AcceptAsync(tenant, sessionId, body.AgentId!, body.RequestId));

    private static Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> Decline(
        string tenant, string sessionId, DeclineRequest body, SessionFlows flows) =>
        !IdShape.IsId(body.AgentId)
            ? Task.FromResult<Results<Ok<SessionSnapshot>, ProblemHttpResult>>(
                Contracts.Errors.SupportError.Invalid("agentId must be an id.").ToProblem())
            : Map(flows.DeclineAsync(tenant, sessionId, body.AgentId));

    /// <summary>
    /// A named target agent becomes an actor id, a skill a queue and a metric label: both must have their shape.
    /// </summary>
    private static Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> Transfer(
        string tenant, string sessionId, TransferRequest body, SessionFlows flows) =>
        (body.ToAgentId is { } target && !IdShape.IsId(target))
            || (body.ToSkill is { } skill && !SessionLimits.IsSkill(skill.Trim()))
            ? Task.FromResult<Results<Ok<SessionSnapshot>, ProblemHttpResult>>(
                Contracts.Errors.SupportError.Invalid("toAgentId must be an id, toSkill a skill name.").ToProblem())
            : Map(flows.TransferAsync(tenant, sessionId, body));

    private static Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> Get(
        string tenant, string sessionId, SessionFlows flows) =>
        Map(flows.GetAsync(tenant, sessionId));

    private static Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> MarkRead(
        string tenant, string sessionId, MarkReadRequest body, IActorProxyFactory actors) =>
        body.Seq < 0 || string.IsNullOrWhiteSpace(body.Role) || string.IsNullOrWhiteSpace(body.UserId)
            ? Task.FromResult<Results<Ok<SessionSnapshot>, ProblemHttpResult>>(
                Contracts.Errors.SupportError.Invalid("role, userId and seq ≥ 0 are required.").ToProblem())
            : Map(actors.Session(tenant, sessionId).MarkReadAsync(body));

    private static async Task<Results<Ok<AppendResult>, ProblemHttpResult>> Append(
        string tenant, string sessionId, AppendTextRequest body, IActorProxyFactory actors)
    {
        var result = await actors.Session(tenant, sessionId).AppendTextAsync(body);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(result);
    }

    /// <summary>
    /// Up to <c>limit</c> (1–<see cref="SessionLimits.MaxTimelinePage"/>, default the most) items after
    /// <c>afterSeq</c>; the caller pages on from the last seq it got. Items up to the session's last seq, which the
    /// session actor is asked for — or, with <c>upToSeq</c>, up to that seq without asking: the caller (the gateway)
    /// vouches that the session is one it may read and that the seq is committed, because a session it was just
    /// answered said so. A session that does not exist then reads as empty, not 404.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<TimelineItem>>, ProblemHttpResult>> ReadTimeline(
        string tenant,
        string sessionId,
        [FromQuery] long? afterSeq,
        [FromQuery] long? upToSeq,
        [FromQuery] int? limit,
        SessionFlows flows,
        TimelineHistory history,
        CancellationToken cancellationToken)
    {
        if (afterSeq is < 0 || upToSeq is < 0 || limit is < 1 or > SessionLimits.MaxTimelinePage)
        {
            return Contracts.Errors.SupportError.Invalid(
                $"afterSeq and upToSeq must be ≥ 0 and limit 1–{SessionLimits.MaxTimelinePage}.").ToProblem();
        }

        var lastSeq = upToSeq;
        if (lastSeq is null)
        {
            var stored = await flows.GetStoredAsync(tenant, sessionId);
            if (stored.Session is not { } session)
            {
                return stored.Error!.ToProblem();
            }

            lastSeq = session.LastSeq;
        }

        var after = afterSeq ?? 0;
        var page = limit ?? SessionLimits.MaxTimelinePage;
        var upTo = after > lastSeq.Value - page ? lastSeq.Value : after + page;
        return TypedResults.Ok(await history.ReadAsync(tenant, sessionId, after, upTo, cancellationToken));
    }

    private static async Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> Map(Task<SessionResult> operation)
    {
        var result = await operation;
        return result.Session is { } session ? TypedResults.Ok(session) : result.Error!.ToProblem();
    }
}
