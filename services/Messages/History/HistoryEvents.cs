using DaprSupport.ServiceDefaults;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Timeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Messages.History;

/// <summary>Pub/sub endpoints daprd calls: every timeline item is written to the history store.</summary>
public static class HistoryEvents
{
    public static IEndpointRouteBuilder MapHistoryEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapPost("/timeline", OnTimelineItem)
            .SubscribesTo(Components.PubSub, Topics.Timeline);
        return routes;
    }

    private static async Task<Ok> OnTimelineItem(TimelineItem item, TimelineHistory history, CancellationToken cancellationToken)
    {
        await history.StoreAsync(item, cancellationToken);
        return TypedResults.Ok();
    }
}
