using DaprSupport.Contracts.Timeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DaprSupport.Messages.History;

/// <summary>Internal read API (reached through Dapr service invocation by the gateway).</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/internal/history");
        group.MapGet("/{tenant}/{sessionId}", Read);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<TimelineItem>>, ValidationProblem>> Read(
        string tenant, string sessionId, [FromQuery] long afterSeq, [FromQuery] long upToSeq, HistoryQuery query, CancellationToken cancellationToken)
    {
        var (items, error) = await query.ReadAsync(tenant, sessionId, afterSeq, upToSeq, cancellationToken);
        return error is null
            ? TypedResults.Ok(items)
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["afterSeq"] = [error.Message] });
    }
}
