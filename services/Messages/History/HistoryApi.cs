using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using DaprSupport.Contracts.Timeline;

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
        string tenant, string sessionId, [FromQuery] long afterSeq, [FromQuery] long upToSeq, TimelineHistory history, CancellationToken cancellationToken)
    {
        if (afterSeq < 0 || upToSeq < afterSeq)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["afterSeq"] = ["afterSeq must be ≥ 0 and ≤ upToSeq."],
            });
        }

        return TypedResults.Ok(await history.ReadAsync(tenant, sessionId, afterSeq, upToSeq, cancellationToken));
    }
}
